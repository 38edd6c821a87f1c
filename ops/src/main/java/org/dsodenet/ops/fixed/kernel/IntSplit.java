package org.dsodenet.ops.fixed.kernel;

/**
 * Exact int sums for channels whose sum may leave an int: each input raw split at p bits,
 * {@code x = 2^p·(x >> p) + (x & (2^p - 1))} (two's complement, so the high part is a floor), gives
 * {@code z = K + Σ w·x = 2^p·A + B} with {@code A = Σ w·(x >> p)} and {@code B = K + Σ w·(x & (2^p - 1))}. Both are
 * far narrower than z, so both are exact ints in any order where {@link #bits} proves them within an int. Then
 * {@code z = 2^p·A' + B'} with {@code A' = A + (B >> p)} and {@code 0 ≤ B' = B & (2^p - 1) < 2^p}; with p below the
 * e bits the output conversion drops, the kept value is {@code A' >> (e - p)}, the first dropped bit A''s bit
 * {@code e - p - 1}, and the lower dropped bits are A''s below it and B' ({@link IntSumRounding#applySplit}).
 * Twice the multiply-adds, all on int lanes.
 */
final class IntSplit {
    private IntSplit() {}

    /**
     * The split p (1 ≤ p < e) at which every input of magnitude at most {@code max} keeps both sums of every channel
     * and A' within an int: {@code |B| ≤ |K| + Σ|w|·(2^p - 1) ≤ 2^31 - 1} and
     * {@code |A'| ≤ Σ|w|·ceil(max / 2^p) + 2^(31-p) ≤ 2^31 - 1}; 0 when none does. {@code abs} as
     * {@link IntBatchConv} keeps it, per output channel and input channel read.
     */
    static int bits(IntSumRounding r, long[][] abs, long max) {
        for (int p = 1; p < r.dropped(); p++) {
            if (fits(r, abs, max, p)) {
                return p;
            }
        }
        return 0;
    }

    private static boolean fits(IntSumRounding r, long[][] abs, long max, int p) {
        long high = (max + (1L << p) - 1) >> p;
        for (int oc = 0; oc < abs.length; oc++) {
            long[] m = new long[abs[oc].length];
            java.util.Arrays.fill(m, (1L << p) - 1);
            if (!IntBatchConv.bounded(Math.abs(r.k(oc)), abs[oc], m, -1, Integer.MAX_VALUE)) {
                return false;
            }
            java.util.Arrays.fill(m, high);
            if (!IntBatchConv.bounded(1L << (31 - p), abs[oc], m, -1, Integer.MAX_VALUE)) {
                return false;
            }
        }
        return true;
    }

    /** {@code high[t][a] = rows[t][a] >> p}, {@code low[t][a] = rows[t][a] & (2^p - 1)} for t < count, a < n. */
    static void halves(int[][] rows, int count, int n, int p, int[][] high, int[][] low) {
        final int mask = (1 << p) - 1;
        for (int t = 0; t < count; t++) {
            int[] r = rows[t];
            int[] h = high[t];
            int[] l = low[t];
            for (int a = 0; a < n; a++) {
                h[a] = r[a] >> p;
                l[a] = r[a] & mask;
            }
        }
    }
}
