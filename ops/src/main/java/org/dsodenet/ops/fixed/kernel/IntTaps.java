package org.dsodenet.ops.fixed.kernel;

/**
 * The count-free multiply-accumulate of one output channel on {@code int} taps: {@code acc[a] = init + Σ_t
 * ((rows[t][a]·w[t]) >> d)}, in int arithmetic, that is modulo 2^32. {@link IntTapChannels} decides when that
 * equals the accumulator's value: an AP_TRN accumulator that drops {@code d} bits adds {@code floor(p / 2^d)} per
 * product {@code p} (the sum's low bits are p's), so the products are shifted once each and the shifted terms
 * summed in any order; ints are exact when the proof bounds every product and the result to ints, and an AP_WRAP
 * accumulator only needs the sum modulo its width.
 *
 * <p>Each tap reads its own row, so every loop indexes all its arrays with one expression, the shape C2 (JDK 17)
 * vectorizes; four taps share a pass (a longer loop body is not unrolled, so not vectorized).
 */
final class IntTaps {
    private IntTaps() {}

    /** Copies the runs of the taps {@code off[t0 .. t0 + count)} of {@code xs} into {@code rows[0 .. count)}. */
    static void rows(int[] xs, int[] off, int t0, int count, int[][] rows, int n) {
        for (int t = 0; t < count; t++) {
            System.arraycopy(xs, off[t0 + t], rows[t], 0, n);
        }
    }

    /** {@code acc[a] = init + Σ_t (rows[t][a]·w[w0 + t]) >> d} for a < n over {@code t < count}, modulo 2^32. */
    static void sum(int[][] rows, int[] w, int w0, int count, int init, int d, int[] acc, int n) {
        java.util.Arrays.fill(acc, 0, n, init);
        int t = 0;
        for (; t + 4 <= count; t += 4) {
            taps4(rows[t], rows[t + 1], rows[t + 2], rows[t + 3], w[w0 + t], w[w0 + t + 1], w[w0 + t + 2],
                    w[w0 + t + 3], d, acc, n);
        }
        for (; t < count; t++) {
            tap(rows[t], w[w0 + t], d, acc, n);
        }
    }

    /**
     * {@link #sum} at d = 0, for sums that keep every bit ({@link IntBatchConv}'s): loops without the shift, and
     * the first pass writes the sums from init instead of a fill before it. Its own entry, not a branch in sum: the
     * one-sample path's calls (which shift) would otherwise reach the group layers' compiled loops and deoptimize
     * them; measured ≈ 8 % faster on the pointwise layers than sum with d = 0.
     */
    static void sumExact(int[][] rows, int[] w, int w0, int count, int init, int[] acc, int n) {
        int t = 0;
        if (count >= 4) {
            first4(rows[0], rows[1], rows[2], rows[3], w[w0], w[w0 + 1], w[w0 + 2], w[w0 + 3], init, acc, n);
            t = 4;
        } else {
            java.util.Arrays.fill(acc, 0, n, init);
        }
        for (; t + 4 <= count; t += 4) {
            taps4(rows[t], rows[t + 1], rows[t + 2], rows[t + 3], w[w0 + t], w[w0 + t + 1], w[w0 + t + 2],
                    w[w0 + t + 3], acc, n);
        }
        for (; t < count; t++) {
            tap(rows[t], w[w0 + t], acc, n);
        }
    }

    private static void first4(int[] x0, int[] x1, int[] x2, int[] x3, int w0, int w1, int w2, int w3, int init,
                               int[] acc, int n) {
        for (int a = 0; a < n; a++) {
            acc[a] = init + x0[a] * w0 + x1[a] * w1 + x2[a] * w2 + x3[a] * w3;
        }
    }

    private static void taps4(int[] x0, int[] x1, int[] x2, int[] x3, int w0, int w1, int w2, int w3, int[] acc,
                              int n) {
        for (int a = 0; a < n; a++) {
            acc[a] += x0[a] * w0 + x1[a] * w1 + x2[a] * w2 + x3[a] * w3;
        }
    }

    private static void tap(int[] x0, int w0, int[] acc, int n) {
        for (int a = 0; a < n; a++) {
            acc[a] += x0[a] * w0;
        }
    }

    private static void taps4(int[] x0, int[] x1, int[] x2, int[] x3, int w0, int w1, int w2, int w3, int d,
                              int[] acc, int n) {
        for (int a = 0; a < n; a++) {
            acc[a] += ((x0[a] * w0) >> d) + ((x1[a] * w1) >> d) + ((x2[a] * w2) >> d) + ((x3[a] * w3) >> d);
        }
    }

    private static void tap(int[] x0, int w0, int d, int[] acc, int n) {
        for (int a = 0; a < n; a++) {
            acc[a] += (x0[a] * w0) >> d;
        }
    }
}
