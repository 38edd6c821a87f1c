package org.dsodenet.ops.fixed.kernel;

/**
 * The largest and smallest raws of many planes of one size, position by position: C2 (JDK 17) vectorizes no
 * reduction and no int max or min, but it does vectorize an element-wise masked maximum and minimum over arrays
 * indexed alike, so the planes fold into one plane of maxima and one of minima, and only those are reduced, once.
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

    /** max most[p] over p < n (once per channel and group: a plane, not the group's raws). */
    static int max(int[] most, int n) {
        int m = 0;
        for (int p = 0; p < n; p++) {
            m = Math.max(m, most[p]);
        }
        return m;
    }

    /** min least[p] over p < n. */
    static int min(int[] least, int n) {
        int m = 0;
        for (int p = 0; p < n; p++) {
            m = Math.min(m, least[p]);
        }
        return m;
    }
}
