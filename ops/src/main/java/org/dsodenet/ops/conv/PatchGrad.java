package org.dsodenet.ops.conv;

import java.util.Arrays;
import org.dsodenet.ops.parallel.Parallel;
import org.dsodenet.ops.parallel.Workspace;

/**
 * Weight gradient of a dense convolution with the weights as the long rows: for every output position p,
 * {@code dW[oc] += dy[oc][p] · patch[p]}, where {@code patch[p]} holds the cIn·k·k input values that p sees. Rows
 * indexed alike, so C2 vectorizes them ({@link PairRows}: two output channels by three positions per pass), and no
 * weight needs a reduction of its own at the end: on small maps the per-weight sums of the column layout
 * ({@link Rows#foldSum} over every weight's row) cost more than the products.
 *
 * <p>Patches are built one sample at a time from a copy of the sample in pixel-major order with its padding
 * ({@code [y][x][ic]}), where the k·cIn values of one kernel row are consecutive: a patch is k copies. So a patch
 * and the gradient rows are ordered {@code [ky][kx][ic]}; the weights' {@code [ic][ky][kx]} order is restored when
 * the sums are added to the gradient.
 *
 * <p>Order: every weight's sum starts at 0 and adds the positions one at a time in the order sample, output row,
 * output column; then it is added to the gradient. Work items are pairs of output channels within one sample, so the
 * floats do not depend on the thread count.
 */
final class PatchGrad {
    /** Most floats the patches of one sample may take (a 28×28 map of 64 channels under a 3×3 kernel: 451,584). */
    static final int MAX_PATCH_FLOATS = 1 << 20;

    private PatchGrad() {}

    /**
     * Whether the patch form is used for this geometry: at least 64 weights per output channel. Shorter rows run
     * mostly in C2's scalar pre- and post-loops (a pointwise backward at 32 and 16 channels was 1.3× and 2.4× slower
     * than on columns); from 64 on (3×3 kernels from 8 input channels, 1×1 from 64) it was faster at every map size
     * measured, 7×7 to 28×28. The patches of one sample take plane × cIn·k·k floats per thread, so maps whose
     * patches would pass {@link #MAX_PATCH_FLOATS} (4 MiB) stay on columns.
     */
    static boolean suits(Columns in) {
        int len = in.channels * in.kk;
        return len >= 64 && (long) in.plane * len <= MAX_PATCH_FLOATS;
    }

    /** Adds the weight gradient: {@code wg[oc][ic][ky][kx] += sum over positions of dy[oc] * x at that tap}. */
    static void weightGrad(Columns in, int cOut, float[] x, float[] dy, float[] wg) {
        final int cIn = in.channels;
        final int len = cIn * in.kk;
        final int plane = in.plane;
        float[][] sums = Workspace.rows(2, cOut, len);
        for (int oc = 0; oc < cOut; oc++) {
            Arrays.fill(sums[oc], 0, len, 0f);
        }
        float[][] patches = Workspace.rows(0, plane, len);
        float[] pixels = Workspace.rows(1, 1, paddedSize(in))[0];
        Arrays.fill(pixels, 0, paddedSize(in), 0f);
        for (int n = 0; n < in.batch; n++) {
            patches(in, x, n, pixels, patches);
            int d0 = n * cOut * plane;
            Parallel.forEach((cOut + 1) / 2, item -> {
                int oc = 2 * item;
                int da = d0 + oc * plane;
                for (int p = 0; p < plane; p += 3) {
                    int m = Math.min(3, plane - p);
                    if (oc + 1 < cOut) {
                        PairRows.add(m, patches, p, dy, da + p, da + plane + p, sums[oc], sums[oc + 1], len);
                    } else {
                        Rows.taps(m, patches, p, dy, da + p, sums[oc], len);
                    }
                }
            });
        }
        for (int oc = 0; oc < cOut; oc++) {
            float[] s = sums[oc];
            for (int ic = 0; ic < cIn; ic++) {
                int wo = (oc * cIn + ic) * in.kk;
                for (int t = 0; t < in.kk; t++) {
                    wg[wo + t] += s[t * cIn + ic];
                }
            }
        }
    }

    private static int paddedSize(Columns in) {
        int p = in.win.pad();
        return (in.h + 2 * p) * (in.w + 2 * p) * in.channels;
    }

    /**
     * The patches of sample n, one row per output position: {@code patch[oy·ow + ox][(ky·k + kx)·cIn + ic]}.
     * {@code pixels} holds the padded sample pixel-major; its padding must be zero and stays so.
     */
    private static void patches(Columns in, float[] x, int n, float[] pixels, float[][] patches) {
        final int cIn = in.channels;
        final int p = in.win.pad();
        final int s = in.win.stride();
        final int k = in.k;
        final int wp = in.w + 2 * p;
        final int hw = in.h * in.w;
        for (int ic = 0; ic < cIn; ic++) {
            int xo = (n * cIn + ic) * hw;
            for (int y = 0; y < in.h; y++) {
                int po = ((y + p) * wp + p) * cIn + ic;
                int xr = xo + y * in.w;
                for (int c = 0; c < in.w; c++) {
                    pixels[po + c * cIn] = x[xr + c];
                }
            }
        }
        final int run = k * cIn;
        for (int oy = 0; oy < in.oh; oy++) {
            for (int ox = 0; ox < in.ow; ox++) {
                float[] row = patches[oy * in.ow + ox];
                for (int ky = 0; ky < k; ky++) {
                    System.arraycopy(pixels, ((oy * s + ky) * wp + ox * s) * cIn, row, ky * run, run);
                }
            }
        }
    }
}
