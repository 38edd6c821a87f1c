package org.dsodenet.ops.fixed.kernel;

/**
 * The multiply-accumulate of one output channel on {@code float}s, for channels whose planning proved that every
 * input raw, weight, product and partial sum of {@code Σ x·w} is an integer of magnitude at most 2^24, and that the
 * accumulator keeps every bit and never overflows. Floats hold every such integer exactly, so every product and
 * every sum of any subset of the products is exact: the order of the additions, and whether they are fused, cannot
 * change the result, and the sum equals the long path's. Float lanes are twice as many as int or double lanes, and
 * float multiply-adds are C2's fastest vector loop.
 *
 * <p>Each tap reads its own row (a copy of its run of a {@link TapLayout}, starting at 0), so every loop indexes all
 * its arrays with one expression, the shape C2 (JDK 17) vectorizes; four taps share one pass over the sums.
 */
final class FloatTaps {
    private FloatTaps() {}

    /** Copies the runs of the taps {@code off[t0 .. t0 + count)} of {@code xs} into {@code rows[0 .. count)}. */
    static void rows(float[] xs, int[] off, int t0, int count, float[][] rows, int n) {
        for (int t = 0; t < count; t++) {
            System.arraycopy(xs, off[t0 + t], rows[t], 0, n);
        }
    }

    /** {@code acc[a] = Σ_t w[w0 + t]·rows[t][a]} for a < n over {@code t < count}. */
    static void sum(float[][] rows, float[] w, int w0, int count, float[] acc, int n) {
        int t = 0;
        if (count >= 4) { // the first four taps set the sums, saving a pass that zeroes them
            first4(rows[0], rows[1], rows[2], rows[3], w[w0], w[w0 + 1], w[w0 + 2], w[w0 + 3], acc, n);
            t = 4;
        } else {
            java.util.Arrays.fill(acc, 0, n, 0f);
        }
        for (; t + 4 <= count; t += 4) {
            taps4(rows[t], rows[t + 1], rows[t + 2], rows[t + 3], w[w0 + t], w[w0 + t + 1], w[w0 + t + 2],
                    w[w0 + t + 3], acc, n);
        }
        for (; t < count; t++) {
            tap(rows[t], w[w0 + t], acc, n);
        }
    }

    private static void taps4(float[] x0, float[] x1, float[] x2, float[] x3, float w0, float w1, float w2,
                              float w3, float[] acc, int n) {
        for (int a = 0; a < n; a++) {
            acc[a] = Math.fma(w3, x3[a], Math.fma(w2, x2[a], Math.fma(w1, x1[a], Math.fma(w0, x0[a], acc[a]))));
        }
    }

    private static void first4(float[] x0, float[] x1, float[] x2, float[] x3, float w0, float w1, float w2,
                               float w3, float[] acc, int n) {
        for (int a = 0; a < n; a++) {
            acc[a] = Math.fma(w3, x3[a], Math.fma(w2, x2[a], Math.fma(w1, x1[a], w0 * x0[a])));
        }
    }

    private static void tap(float[] x0, float w0, float[] acc, int n) {
        for (int a = 0; a < n; a++) {
            acc[a] = Math.fma(w0, x0[a], acc[a]);
        }
    }
}
