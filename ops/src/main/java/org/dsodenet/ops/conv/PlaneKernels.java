package org.dsodenet.ops.conv;

/**
 * Allocation-free loops on single feature-map planes shared by the convolution layers. Every loop keeps the output
 * width innermost and contiguous (for stride 1 the input too), which is the form the JIT vectorizes, and taps
 * falling into the padding are skipped by clipping the loop ranges instead of testing inside them.
 *
 * <p>Order of additions into one output element: taps in {@code ky}, then {@code kx} order, as written on the
 * quantized records.
 */
final class PlaneKernels {
    private PlaneKernels() {}

    /** {@code y[oy][ox] += sum_{ky,kx} w[ky][kx] * x[oy*s+ky-p][ox*s+kx-p]} for one input and one output plane. */
    static void correlateAdd(float[] x, int xo, int h, int w, float[] wt, int wo, Window win, float[] y, int yo,
                             int oh, int ow) {
        final int k = win.k();
        final int s = win.stride();
        final int p = win.pad();
        for (int ky = 0; ky < k; ky++) {
            int oy0 = win.lo(ky);
            int oy1 = win.hi(ky, h, oh);
            for (int kx = 0; kx < k; kx++) {
                int ox0 = win.lo(kx);
                int ox1 = win.hi(kx, w, ow);
                float wv = wt[wo + ky * k + kx];
                for (int oy = oy0; oy < oy1; oy++) {
                    int yr = yo + oy * ow;
                    int xr = xo + (oy * s + ky - p) * w + kx - p;
                    if (s == 1) {
                        for (int ox = ox0; ox < ox1; ox++) {
                            y[yr + ox] += wv * x[xr + ox];
                        }
                    } else {
                        for (int ox = ox0; ox < ox1; ox++) {
                            y[yr + ox] += wv * x[xr + ox * s];
                        }
                    }
                }
            }
        }
    }

    /** Transposed correlation: {@code dx[oy*s+ky-p][ox*s+kx-p] += w[ky][kx] * dy[oy][ox]}. */
    static void scatterAdd(float[] dy, int dyo, int oh, int ow, float[] wt, int wo, Window win, float[] dx, int dxo,
                           int h, int w) {
        final int k = win.k();
        final int s = win.stride();
        final int p = win.pad();
        for (int ky = 0; ky < k; ky++) {
            int oy0 = win.lo(ky);
            int oy1 = win.hi(ky, h, oh);
            for (int kx = 0; kx < k; kx++) {
                int ox0 = win.lo(kx);
                int ox1 = win.hi(kx, w, ow);
                float wv = wt[wo + ky * k + kx];
                for (int oy = oy0; oy < oy1; oy++) {
                    int yr = dyo + oy * ow;
                    int xr = dxo + (oy * s + ky - p) * w + kx - p;
                    if (s == 1) {
                        for (int ox = ox0; ox < ox1; ox++) {
                            dx[xr + ox] += wv * dy[yr + ox];
                        }
                    } else {
                        for (int ox = ox0; ox < ox1; ox++) {
                            dx[xr + ox * s] += wv * dy[yr + ox];
                        }
                    }
                }
            }
        }
    }

    /**
     * Weight-gradient partial sums kept as vectors so the loop vectorizes:
     * {@code acc[ao + (ky*k+kx)*ow + ox] += sum_oy dy[oy][ox] * x[oy*s+ky-p][ox*s+kx-p]}. The caller reduces each
     * length-{@code ow} vector in index order.
     */
    static void tapGradAccumulate(float[] x, int xo, int h, int w, float[] dy, int dyo, int oh, int ow, Window win,
                                  float[] acc, int ao) {
        final int k = win.k();
        final int s = win.stride();
        final int p = win.pad();
        for (int ky = 0; ky < k; ky++) {
            int oy0 = win.lo(ky);
            int oy1 = win.hi(ky, h, oh);
            for (int kx = 0; kx < k; kx++) {
                int ox0 = win.lo(kx);
                int ox1 = win.hi(kx, w, ow);
                int a = ao + (ky * k + kx) * ow;
                for (int oy = oy0; oy < oy1; oy++) {
                    int yr = dyo + oy * ow;
                    int xr = xo + (oy * s + ky - p) * w + kx - p;
                    if (s == 1) {
                        for (int ox = ox0; ox < ox1; ox++) {
                            acc[a + ox] += dy[yr + ox] * x[xr + ox];
                        }
                    } else {
                        for (int ox = ox0; ox < ox1; ox++) {
                            acc[a + ox] += dy[yr + ox] * x[xr + ox * s];
                        }
                    }
                }
            }
        }
    }

    /** {@code y[i] += a * x[i]} for {@code len} elements. */
    static void axpy(float a, float[] x, int xo, float[] y, int yo, int len) {
        for (int i = 0; i < len; i++) {
            y[yo + i] += a * x[xo + i];
        }
    }

    /** {@code acc[i] += a[i] * b[i]} for {@code len} elements. */
    static void mulAcc(float[] a, int ao, float[] b, int bo, float[] acc, int co, int len) {
        for (int i = 0; i < len; i++) {
            acc[co + i] += a[ao + i] * b[bo + i];
        }
    }

    /** {@code acc[i] += a[i]}. */
    static void addTo(float[] a, int ao, float[] acc, int co, int len) {
        for (int i = 0; i < len; i++) {
            acc[co + i] += a[ao + i];
        }
    }

    /** Sum of {@code len} elements in index order. */
    static float sum(float[] a, int ao, int len) {
        float s = 0f;
        for (int i = 0; i < len; i++) {
            s += a[ao + i];
        }
        return s;
    }

    /**
     * Sum of channel {@code c} of an NCHW array over batch and plane: per-position partial vectors over the batch,
     * then one in-order sum, so the result does not depend on who computes it.
     */
    static float channelSum(float[] g, int c, int batch, int channels, int plane) {
        float[] acc = new float[plane];
        for (int n = 0; n < batch; n++) {
            addTo(g, (n * channels + c) * plane, acc, 0, plane);
        }
        return sum(acc, 0, plane);
    }
}
