package org.dsodenet.ops.fixed.kernel;

/**
 * Exact int sums for channels whose sum may leave an int but whose partial sums do not: the taps are cut into groups
 * of consecutive taps, each group's partial s summed in int arithmetic and split at p bits,
 * {@code s = 2^p·(s >> p) + (s & (2^p - 1))}, its parts added to {@code A = Σ (s >> p)} and
 * {@code B = K + Σ (s & (2^p - 1))}. Then {@code z = K + Σ s = 2^p·A + B}, the form
 * {@link IntSumRounding#applySplit} converts. {@link IntSplit} splits every input instead: twice the multiply-adds and
 * a pass to make the halves, where this sums each group with {@link IntTaps}' plain passes and splits once per group.
 *
 * <p>A group is a run of blocks (four taps each, each of the last {@code count % 4} taps a block of its own), as long
 * as the inputs' ranges keep its partial within an int ({@link #bits}): the fewer groups, the fewer split passes, and
 * the split pass (three arrays) costs about what a four-tap pass does. The down layers' sums pass an int only 2–4
 * times over by their bounds, so a few groups cover dozens of taps.
 *
 * <p>Exact when, from the inputs' ranges: every group's partial lies in {@code [-2^31, 2^31 - 1]} (int arithmetic
 * then gives it, in any order); B lies within an int (its parts are ≥ 0, so {@code K ≤ B ≤ K + G·(2^p - 1)} for G
 * groups); and {@code floor(z / 2^p) = A + (B >> p)} lies within an int. A itself may wrap: it enters only that sum,
 * which int arithmetic gives modulo 2^32.
 */
final class IntPartialSplit {
    /** Taps per block and per pass: a longer loop body is not unrolled, so not vectorized (as in {@link IntTaps}). */
    private static final int GROUP = 4;

    private IntPartialSplit() {}

    /**
     * The split p ({@code 1 ≤ p < dropped}) at which the grouped partial sums of the taps {@code w[w0 .. w0 + count)}
     * are exact for inputs whose channel ic holds raws within {@code [lo[ic], hi[ic]]} ({@code lo ≤ 0 ≤ hi}), tap t
     * reading input channel {@code only} when {@code only ≥ 0}, else {@code t / kk}; 0 when none is (a block alone
     * may pass an int). The groups go to {@code ends} (at least {@code count + 1} long): {@code ends[0]} their number
     * G, {@code ends[1 .. G]} the tap after each one's last.
     */
    static int bits(int[] w, int w0, int count, int kk, int only, long[] hi, long[] lo, long k, int dropped,
                    int[] ends) {
        int full = count / GROUP * GROUP;
        long zHi = k;
        long zLo = k;
        long gHi = 0; // the open group's partial bounds
        long gLo = 0;
        long bHi = 0; // the open block's
        long bLo = 0;
        int groups = 0;
        for (int t = 0; t < count; t++) {
            int ic = only >= 0 ? only : t / kk;
            long up = w[w0 + t] * hi[ic]; // |w| ≤ 2^31, |x| ≤ 2^30: each product and the checked sums fit a long
            long down = w[w0 + t] * lo[ic];
            bHi += Math.max(up, down); // ≥ 0: lo ≤ 0 ≤ hi, so up and down lie on either side of 0
            bLo += Math.min(up, down); // ≤ 0
            if (bHi > Integer.MAX_VALUE || bLo < Integer.MIN_VALUE) {
                return 0;
            }
            if (t % GROUP == GROUP - 1 || t >= full) { // the block ends here, as in sum
                zHi += bHi;
                zLo += bLo;
                // a block only widens a group's bounds, so taking every block that still fits gives the fewest groups
                if (groups > 0 && gHi + bHi <= Integer.MAX_VALUE && gLo + bLo >= Integer.MIN_VALUE) {
                    gHi += bHi;
                    gLo += bLo;
                } else {
                    groups++;
                    gHi = bHi;
                    gLo = bLo;
                }
                ends[groups] = t + 1;
                bHi = 0;
                bLo = 0;
            }
        }
        ends[0] = groups;
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
     * {@code rows[t][a]·w[w0 + t]} grouped by {@code ends} ({@link #bits}), for a < n; {@code s} is scratch of n ints.
     */
    static void sum(int[][] rows, int[] w, int w0, int[] ends, int p, int k, int[] s, int[] high, int[] low, int n) {
        int t = 0;
        for (int g = 1; g <= ends[0]; g++) {
            int end = ends[g];
            if (t + GROUP <= end) { // the group's first pass writes its partial: no fill
                first4(rows[t], rows[t + 1], rows[t + 2], rows[t + 3], w[w0 + t], w[w0 + t + 1], w[w0 + t + 2],
                        w[w0 + t + 3], s, n);
                t += GROUP;
            } else {
                first(rows[t], w[w0 + t], s, n);
                t++;
            }
            for (; t + GROUP <= end; t += GROUP) {
                add4(rows[t], rows[t + 1], rows[t + 2], rows[t + 3], w[w0 + t], w[w0 + t + 1], w[w0 + t + 2],
                        w[w0 + t + 3], s, n);
            }
            for (; t < end; t++) {
                add(rows[t], w[w0 + t], s, n);
            }
            if (g == 1) {
                start(s, p, k, high, low, n);
            } else {
                fold(s, p, high, low, n);
            }
        }
    }

    private static void first4(int[] x0, int[] x1, int[] x2, int[] x3, int w0, int w1, int w2, int w3, int[] s,
                               int n) {
        for (int a = 0; a < n; a++) {
            s[a] = x0[a] * w0 + x1[a] * w1 + x2[a] * w2 + x3[a] * w3;
        }
    }

    private static void add4(int[] x0, int[] x1, int[] x2, int[] x3, int w0, int w1, int w2, int w3, int[] s, int n) {
        for (int a = 0; a < n; a++) {
            s[a] += x0[a] * w0 + x1[a] * w1 + x2[a] * w2 + x3[a] * w3;
        }
    }

    private static void first(int[] x0, int w0, int[] s, int n) {
        for (int a = 0; a < n; a++) {
            s[a] = x0[a] * w0;
        }
    }

    private static void add(int[] x0, int w0, int[] s, int n) {
        for (int a = 0; a < n; a++) {
            s[a] += x0[a] * w0;
        }
    }

    private static void start(int[] s, int p, int k, int[] high, int[] low, int n) {
        final int mask = (1 << p) - 1;
        for (int a = 0; a < n; a++) {
            high[a] = s[a] >> p;
            low[a] = k + (s[a] & mask);
        }
    }

    private static void fold(int[] s, int p, int[] high, int[] low, int n) {
        final int mask = (1 << p) - 1;
        for (int a = 0; a < n; a++) {
            high[a] += s[a] >> p;
            low[a] += s[a] & mask;
        }
    }
}
