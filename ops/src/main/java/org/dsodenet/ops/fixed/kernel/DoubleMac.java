package org.dsodenet.ops.fixed.kernel;

/**
 * The multiply-accumulate of one output channel on {@code double}s, for channels whose accumulator keeps every bit
 * of the sum and whose planning proved that every input raw, weight, product and partial sum is an integer of
 * magnitude at most 2^53. Doubles hold every such integer exactly, so each product and each sum is exact, in any
 * order and fused or not: the result equals the long path's. This is the lever where the products are too wide for
 * ints (16×16-bit products over dozens of taps) but far from 2^53; double lanes vectorize where long multiplies
 * do not.
 *
 * <p>The sum is {@code Σ x·w} on the unaligned weights, without the bias (as in {@link IntMac} without dropped bits).
 */
final class DoubleMac {
    private final boolean depthwise;
    private final ConvGeometry g;

    DoubleMac(boolean depthwise, ConvGeometry g) {
        this.depthwise = depthwise;
        this.g = g;
    }

    /** Adds output channel {@code oc}'s terms into {@code acc} (one plane, zeroed by the caller). */
    void channel(int oc, double[] x, double[] wts, double[] acc) {
        final int cin = g.cin();
        final int h = g.h();
        final int w = g.w();
        final int k = g.k();
        final int stride = g.stride();
        final int pad = g.pad();
        final int wo = g.wo();
        int icLo = depthwise ? oc : 0;
        int icHi = depthwise ? oc + 1 : cin;
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
                    double wv = wts[wBase + ky * k + kx];
                    if (stride == 1 && w == wo) {
                        plane(acc, x, xPlane, oyLo, oyHi, oxLo, oxHi, (ky - pad) * w + kx - pad, wv);
                        continue;
                    }
                    int n = oxHi - oxLo + 1;
                    for (int oy = oyLo; oy <= oyHi; oy++) {
                        int xRow = xPlane + (oy * stride + ky - pad) * w + kx - pad;
                        int a = oy * wo + oxLo;
                        int x0 = xRow + oxLo * stride;
                        for (int i = 0; i < n; i++) {
                            acc[a + i] += x[x0 + i * stride] * wv;
                        }
                    }
                }
            }
        }
    }

    /**
     * One tap over a plane whose rows are as wide as the output's, as one loop from the first to the last output the
     * tap reaches; the terms it adds at unreached columns (the neighbouring row's edge) are taken back out. Exact for
     * the reason {@link IntMac}'s is: a foreign term is this tap's weight times an in-range input, so every partial
     * sum stays within the proven bounds, and adding and removing an exact term cancels.
     */
    private void plane(double[] acc, double[] x, int xPlane, int oyLo, int oyHi, int oxLo, int oxHi, int shift,
                       double wv) {
        final int wo = g.wo();
        int a0 = oyLo * wo + oxLo;
        int a1 = oyHi * wo + oxHi;
        int xBase = xPlane + shift;
        for (int a = a0; a <= a1; a++) {
            acc[a] += x[xBase + a] * wv;
        }
        if (oxHi - oxLo + 1 == wo) {
            return;
        }
        for (int oy = oyLo; oy <= oyHi; oy++) {
            for (int ox = oxHi + 1; ox < wo + oxLo; ox++) { // the unreached columns, right edge then left edge
                int a = oy * wo + ox; // ox ≥ wo is the next row's column ox - wo
                if (a > a0 && a < a1) {
                    acc[a] -= x[xBase + a] * wv;
                }
            }
        }
    }
}
