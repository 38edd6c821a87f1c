package org.dsodenet.ops.fixed.kernel;

/**
 * {@link FloatTaps} on {@code double}s, for channels whose sums are proven within 2^53 instead of 2^24 (16-bit
 * activations times 16-bit weights): the same exactness argument and loop shapes, at half the lanes.
 */
final class DoubleTaps {
    private DoubleTaps() {}

    /** Copies the runs of the taps {@code off[t0 .. t0 + count)} of {@code xs} into {@code rows[0 .. count)}. */
    static void rows(double[] xs, int[] off, int t0, int count, double[][] rows, int n) {
        for (int t = 0; t < count; t++) {
            System.arraycopy(xs, off[t0 + t], rows[t], 0, n);
        }
    }

    /** {@code acc[a] = Σ_t w[w0 + t]·rows[t][a]} for a < n over {@code t < count}. */
    static void sum(double[][] rows, double[] w, int w0, int count, double[] acc, int n) {
        int t = 0;
        if (count >= 4) { // the first four taps set the sums, saving a pass that zeroes them
            first4(rows[0], rows[1], rows[2], rows[3], w[w0], w[w0 + 1], w[w0 + 2], w[w0 + 3], acc, n);
            t = 4;
        } else {
            java.util.Arrays.fill(acc, 0, n, 0d);
        }
        for (; t + 4 <= count; t += 4) {
            taps4(rows[t], rows[t + 1], rows[t + 2], rows[t + 3], w[w0 + t], w[w0 + t + 1], w[w0 + t + 2],
                    w[w0 + t + 3], acc, n);
        }
        for (; t < count; t++) {
            tap(rows[t], w[w0 + t], acc, n);
        }
    }

    private static void taps4(double[] x0, double[] x1, double[] x2, double[] x3, double w0, double w1, double w2,
                              double w3, double[] acc, int n) {
        for (int a = 0; a < n; a++) {
            acc[a] = Math.fma(w3, x3[a], Math.fma(w2, x2[a], Math.fma(w1, x1[a], Math.fma(w0, x0[a], acc[a]))));
        }
    }

    private static void first4(double[] x0, double[] x1, double[] x2, double[] x3, double w0, double w1, double w2,
                               double w3, double[] acc, int n) {
        for (int a = 0; a < n; a++) {
            acc[a] = Math.fma(w3, x3[a], Math.fma(w2, x2[a], Math.fma(w1, x1[a], w0 * x0[a])));
        }
    }

    private static void tap(double[] x0, double w0, double[] acc, int n) {
        for (int a = 0; a < n; a++) {
            acc[a] = Math.fma(w0, x0[a], acc[a]);
        }
    }
}
