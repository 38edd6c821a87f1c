package org.dsodenet.ops.fixed.kernel;

/**
 * Exact int sums for channels whose sum may leave an int but whose partial sums do not: the taps are summed four at
 * a time (each of the last {@code count % 4} alone), and each partial s, taken in int arithmetic, is split at p bits,
 * {@code s = 2^p·(s >> p) + (s & (2^p - 1))}, its parts added to {@code A = Σ (s >> p)} and
 * {@code B = K + Σ (s & (2^p - 1))}. Then {@code z = K + Σ s = 2^p·A + B}, the form
 * {@link IntSumRounding#applySplit} converts. {@link IntSplit} splits every input instead: twice the multiply-adds and
 * a pass to make the halves, where this adds a shift, a mask and an add per four taps.
 *
 * <p>Exact when, from the inputs' ranges ({@link #bits}): every partial lies in {@code [-2^31, 2^31 - 1]} (int
 * arithmetic then gives it, in any order); B lies within an int (its parts are ≥ 0, so
 * {@code K ≤ B ≤ K + G·(2^p - 1)} for G partials); and {@code floor(z / 2^p) = A + (B >> p)} lies within an int.
 * A itself may wrap: it enters only that sum, which int arithmetic gives modulo 2^32.
 */
final class IntPartialSplit {
    /** Taps per partial sum: a longer loop body is not unrolled, so not vectorized (as in {@link IntTaps}). */
    private static final int GROUP = 4;

    private IntPartialSplit() {}

    /**
     * The split p ({@code 1 ≤ p < dropped}) at which the partial sums of the taps {@code w[w0 .. w0 + count)} are
     * exact for inputs whose channel ic holds raws within {@code [lo[ic], hi[ic]]} ({@code lo ≤ 0 ≤ hi}), tap t
     * reading input channel {@code only} when {@code only ≥ 0}, else {@code t / kk}; 0 when none is.
     */
    static int bits(int[] w, int w0, int count, int kk, int only, long[] hi, long[] lo, long k, int dropped) {
        int full = count / GROUP * GROUP;
        long zHi = k;
        long zLo = k;
        long sHi = 0;
        long sLo = 0;
        long groups = 0;
        for (int t = 0; t < count; t++) {
            int ic = only >= 0 ? only : t / kk;
            long up = w[w0 + t] * hi[ic]; // |w| ≤ 2^31, |x| ≤ 2^30: each product and the checked sums fit a long
            long down = w[w0 + t] * lo[ic];
            sHi += Math.max(up, down);
            sLo += Math.min(up, down);
            if (sHi > Integer.MAX_VALUE || sLo < Integer.MIN_VALUE) {
                return 0;
            }
            if (t % GROUP == GROUP - 1 || t >= full) { // the partial ends here, as in sum
                zHi += sHi;
                zLo += sLo;
                sHi = 0;
                sLo = 0;
                groups++;
            }
        }
        for (int p = 1; p < dropped; p++) {
            boolean quotient = zHi >> p <= Integer.MAX_VALUE && zLo >> p >= Integer.MIN_VALUE;
            if (quotient) { // a larger p only widens B
                return k + groups * ((1L << p) - 1) <= Integer.MAX_VALUE ? p : 0;
            }
        }
        return 0;
    }

    /**
     * {@code high[a] = Σ (s >> p)}, {@code low[a] = k + Σ (s & (2^p - 1))} over the partials s of
     * {@code rows[t][a]·w[w0 + t]}, {@code t < count}, for a < n.
     */
    static void sum(int[][] rows, int[] w, int w0, int count, int p, int k, int[] high, int[] low, int n) {
        java.util.Arrays.fill(high, 0, n, 0);
        java.util.Arrays.fill(low, 0, n, k);
        int t = 0;
        for (; t + GROUP <= count; t += GROUP) {
            taps4(rows[t], rows[t + 1], rows[t + 2], rows[t + 3], w[w0 + t], w[w0 + t + 1], w[w0 + t + 2],
                    w[w0 + t + 3], p, high, low, n);
        }
        for (; t < count; t++) {
            tap(rows[t], w[w0 + t], p, high, low, n);
        }
    }

    private static void taps4(int[] x0, int[] x1, int[] x2, int[] x3, int w0, int w1, int w2, int w3, int p,
                              int[] high, int[] low, int n) {
        final int mask = (1 << p) - 1;
        for (int a = 0; a < n; a++) {
            int s = x0[a] * w0 + x1[a] * w1 + x2[a] * w2 + x3[a] * w3;
            high[a] += s >> p;
            low[a] += s & mask;
        }
    }

    private static void tap(int[] x0, int w0, int p, int[] high, int[] low, int n) {
        final int mask = (1 << p) - 1;
        for (int a = 0; a < n; a++) {
            int s = x0[a] * w0;
            high[a] += s >> p;
            low[a] += s & mask;
        }
    }
}
