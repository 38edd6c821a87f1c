package org.dsodenet.ops.fixed.kernel;

/**
 * The largest and smallest raws of many planes of one size, position by position: C2 (JDK 17) vectorizes no
 * reduction and no int max or min, but it does vectorize an element-wise masked maximum and minimum over arrays
 * indexed alike, so the planes fold into one plane of maxima and one of minima, and only those are reduced, once
 * (per part: a plane may be a whole sample, reduced per channel).
 * Raws of at most 31 bits ({@code -2^30 ≤ x < 2^30}) and folds that start at 0: every difference stays inside an int.
 */
final class PlaneMaxima {
    private PlaneMaxima() {}

    /** {@code most[p] = max(most[p], x[p])}, {@code least[p] = min(least[p], x[p])} for p < n (least ≤ 0 ≤ most). */
    static void fold(int[] x, int[] most, int[] least, int n) {
        for (int p = 0; p < n; p++) {
            int v = x[p];
            int d = v - most[p];
            most[p] += d & ~(d >> 31);
            int e = v - least[p];
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
