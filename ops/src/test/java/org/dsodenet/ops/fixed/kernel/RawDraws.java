package org.dsodenet.ops.fixed.kernel;

import java.util.SplittableRandom;

/** Random raws for the int kernels' tests, weighted to the ends of their width (where sums and clamps break). */
final class RawDraws {
    private RawDraws() {}

    /** n raws of {@code bits} bits: a third of them one of the two ends. */
    static int[] draw(SplittableRandom rnd, int n, int bits) {
        long lo = -(1L << (bits - 1));
        long hi = (1L << (bits - 1)) - 1;
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            int end = rnd.nextInt(6);
            v[i] = (int) (end == 0 ? lo : end == 1 ? hi : rnd.nextLong(lo, hi + 1));
        }
        return v;
    }
}
