package org.dsodenet.ops.fixed.kernel;

/**
 * The largest and smallest raws of many planes of one size, position by position: C2 (JDK 17) vectorizes no
 * reduction and no int max or min, but it does vectorize an element-wise masked maximum and minimum over arrays
 * indexed alike, so the planes fold into one plane of maxima and one of minima, and only those are reduced, once
 * (per part: a plane may be a whole sample, reduced per channel).
 * Raws of at most 31 bits ({@code -2^30 ≤ x < 2^30}), and folds that start at 0 or at a plane of such raws: every
 * difference stays inside an int. The reductions count 0 in (padding reads it), so a fold need not start at 0.
 */
final class PlaneMaxima {
    private PlaneMaxima() {}

    /** {@code most[p] = max(most[p], x[p])}, {@code least[p] = min(least[p], x[p])} for p < n. */
    static void fold(int[] x, int[] most, int[] least, int n) {
        for (int p = 0; p < n; p++) {
            int v = x[p];
            int d = v - most[p];
            most[p] += d & ~(d >> 31);
            int e = v - least[p];
            least[p] += e & (e >> 31);
        }
    }

    /**
     * Parts of at least this many raws are reduced by halving ({@link #max(int[], int, int, int[], int[])}): a
     * scalar max is one dependent chain (≈ 0.9 ns a raw here at 28×28), halving folds whole vectors (≈ 0.3); at 7×7
     * they measured alike.
     */
    static final int HALVING = 128;

    /** {@code most[p] = max(most[p], x[p])} for p < n: {@link #fold} for planes of no negative raw. */
    static void foldMax(int[] x, int[] most, int n) {
        for (int p = 0; p < n; p++) {
            int d = x[p] - most[p];
            most[p] += d & ~(d >> 31);
        }
    }

    /**
     * {@link #max(int[], int, int)} by halving where the part is long: its halves copied to w and t, folded
     * element-wise into w, and again until fewer than {@link #HALVING} / 2 are left (an odd part's last raw taken
     * aside), then the scalar max. w and t hold at least {@code (to - from) / 2} ints; most is left as it was.
     */
    static int max(int[] most, int from, int to, int[] w, int[] t) {
        int n = to - from;
        if (n < HALVING) {
            return max(most, from, to);
        }
        int aside = (n & 1) != 0 ? most[to - 1] : 0;
        int h = n >> 1;
        System.arraycopy(most, from, w, 0, h);
        System.arraycopy(most, from + h, t, 0, h);
        foldMax(t, w, h);
        for (n = h; n >= HALVING / 2; n = h) {
            h = n >> 1;
            aside = (n & 1) != 0 ? Math.max(aside, w[n - 1]) : aside;
            System.arraycopy(w, h, t, 0, h);
            foldMax(t, w, h);
        }
        return Math.max(aside, max(w, 0, n));
    }

    /** {@link #min(int[], int, int)} by halving where the part is long, as {@link #max(int[], int, int, int[], int[])}. */
    static int min(int[] least, int from, int to, int[] w, int[] t) {
        int n = to - from;
        if (n < HALVING) {
            return min(least, from, to);
        }
        int aside = (n & 1) != 0 ? least[to - 1] : 0;
        int h = n >> 1;
        System.arraycopy(least, from, w, 0, h);
        System.arraycopy(least, from + h, t, 0, h);
        foldMin(t, w, h);
        for (n = h; n >= HALVING / 2; n = h) {
            h = n >> 1;
            aside = (n & 1) != 0 ? Math.min(aside, w[n - 1]) : aside;
            System.arraycopy(w, h, t, 0, h);
            foldMin(t, w, h);
        }
        return Math.min(aside, min(w, 0, n));
    }

    /** {@code least[p] = min(least[p], x[p])} for p < n. */
    private static void foldMin(int[] x, int[] least, int n) {
        for (int p = 0; p < n; p++) {
            int e = x[p] - least[p];
            least[p] += e & (e >> 31);
        }
    }

    /** max most[p] over {@code from ≤ p < to}, at least 0 (once per channel and group: a plane, not the group's raws). */
    static int max(int[] most, int from, int to) {
        int m = 0;
        for (int p = from; p < to; p++) {
            m = Math.max(m, most[p]);
        }
        return m;
    }

    /** min least[p] over {@code from ≤ p < to}, at most 0. */
    static int min(int[] least, int from, int to) {
        int m = 0;
        for (int p = from; p < to; p++) {
            m = Math.min(m, least[p]);
        }
        return m;
    }
}
