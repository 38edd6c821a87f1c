package org.dsodenet.ops.fixed.kernel;

/**
 * The multiply-accumulate of one output channel on {@code int}s, for channels whose planning proved that every input
 * raw, every aligned weight, every product and every partial sum fits an int (and that no partial sum leaves the
 * accumulator's no-overflow window, so each step is the plain truncating add). Then the int arithmetic never wraps
 * and computes the same increments as the exact long path; int arrays give C2 twice the vector lanes of longs.
 *
 * <p>Taps are visited in the same order as the long path, input channel, then ky, then kx.
 */
final class IntMac {
    private final boolean depthwise;
    private final ConvGeometry g;
    private final int sh;
    private final int mask;

    IntMac(boolean depthwise, ConvGeometry g, int accShift) {
        if (accShift > 30) {
            throw new IllegalArgumentException("an int step cannot drop " + accShift + " bits");
        }
        this.depthwise = depthwise;
        this.g = g;
        this.sh = accShift;
        this.mask = accShift == 0 ? 0 : (1 << accShift) - 1;
    }

    /**
     * Adds output channel {@code oc}'s terms into {@code acc} (one plane, already holding the bias); returns how many
     * increments dropped nonzero bits when {@code count}, else 0.
     */
    long channel(int oc, int[] x, int[] wts, int[] acc, boolean count) {
        final int cin = g.cin();
        final int h = g.h();
        final int w = g.w();
        final int k = g.k();
        final int stride = g.stride();
        final int pad = g.pad();
        final int wo = g.wo();
        int icLo = depthwise ? oc : 0;
        int icHi = depthwise ? oc + 1 : cin;
        long dropped = 0;
        for (int ic = icLo; ic < icHi; ic++) {
            int xPlane = ic * h * w;
            int wBase = (oc * (icHi - icLo) + (ic - icLo)) * k * k;
            for (int ky = 0; ky < k; ky++) {
                int oyLo = g.firstOut(ky);
                int oyHi = g.lastRow(ky);
                for (int kx = 0; kx < k; kx++) {
                    int oxLo = g.firstOut(kx);
                    int oxHi = g.lastCol(kx);
                    if (oyLo > oyHi || oxLo > oxHi) {
                        continue;
                    }
                    int wv = wts[wBase + ky * k + kx];
                    int n = oxHi - oxLo + 1;
                    if (stride == 1 && w == wo) {
                        dropped += plane(acc, x, xPlane, oyLo, oyHi, oxLo, oxHi, (ky - pad) * w + kx - pad, wv,
                                count);
                        continue;
                    }
                    for (int oy = oyLo; oy <= oyHi; oy++) {
                        int xRow = xPlane + (oy * stride + ky - pad) * w + kx - pad;
                        dropped += add(acc, oy * wo + oxLo, x, xRow + oxLo * stride, stride, n, wv, count);
                    }
                }
            }
        }
        return dropped;
    }

    /**
     * One tap over a plane whose rows are as wide as the output's (stride 1): output {@code a} reads input
     * {@code a + shift}, so one loop runs from the first to the last output the tap reaches. It also adds terms at
     * the columns the tap does not reach in the rows between (reading the neighbouring row's edge); those are taken
     * back out. The channel is proven exact, so its sums are plain integer sums: adding and removing a term cancels,
     * and no partial sum leaves int (a foreign term is still this tap's weight times an in-range input).
     */
    private long plane(int[] acc, int[] x, int xPlane, int oyLo, int oyHi, int oxLo, int oxHi, int shift, int wv,
                       boolean count) {
        final int wo = g.wo();
        int a0 = oyLo * wo + oxLo;
        int a1 = oyHi * wo + oxHi;
        int xBase = xPlane + shift;
        long dropped = add(acc, a0, x, xBase + a0, 1, a1 - a0 + 1, wv, count);
        if (oxHi - oxLo + 1 == wo) {
            return dropped;
        }
        for (int oy = oyLo; oy <= oyHi; oy++) {
            for (int ox = oxHi + 1; ox < wo + oxLo; ox++) { // the unreached columns, right edge then left edge
                int a = oy * wo + ox; // ox ≥ wo is the next row's column ox - wo
                if (a > a0 && a < a1) {
                    int p = x[xBase + a] * wv;
                    acc[a] -= p >> sh;
                    dropped -= count ? ((p & mask) + mask) >>> sh : 0;
                }
            }
        }
        return dropped;
    }

    /** {@code acc[a + i] += (x[x0 + i·stride] · w) >> sh} for i < n. Separate loops so the common cases vectorize. */
    private long add(int[] acc, int a, int[] x, int x0, int stride, int n, int wv, boolean count) {
        if (stride != 1) {
            int dropped = 0;
            for (int i = 0; i < n; i++) {
                int p = x[x0 + i * stride] * wv;
                acc[a + i] += p >> sh;
                dropped += ((p & mask) + mask) >>> sh;
            }
            return count ? dropped : 0;
        }
        if (sh == 0) {
            for (int i = 0; i < n; i++) {
                acc[a + i] += x[x0 + i] * wv;
            }
            return 0;
        }
        if (!count) {
            for (int i = 0; i < n; i++) {
                acc[a + i] += (x[x0 + i] * wv) >> sh;
            }
            return 0;
        }
        int dropped = 0;
        for (int i = 0; i < n; i++) {
            int p = x[x0 + i] * wv;
            acc[a + i] += p >> sh;
            dropped += ((p & mask) + mask) >>> sh; // 1 when any dropped bit is set
        }
        return dropped;
    }
}
