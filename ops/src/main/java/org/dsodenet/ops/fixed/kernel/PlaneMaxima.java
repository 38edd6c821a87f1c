package org.dsodenet.ops.fixed.kernel;

/**
 * The largest magnitude of the raws of many planes of one size, position by position: C2 (JDK 17) vectorizes no
 * reduction and no int max, but it does vectorize an element-wise masked maximum over arrays indexed alike, so the
 * planes fold into one plane of maxima, and only that plane is reduced, once. Raws of at most 31 bits: every
 * magnitude and difference stays inside an int.
 */
final class PlaneMaxima {
    private PlaneMaxima() {}

    /** {@code most[p] = max(most[p], |x[p]|)} for p < n (most[p] ≥ 0). */
    static void fold(int[] x, int[] most, int n) {
        for (int p = 0; p < n; p++) {
            int v = x[p];
            int s = v >> 31;
            int d = ((v ^ s) - s) - most[p];
            most[p] += d & ~(d >> 31);
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
}
