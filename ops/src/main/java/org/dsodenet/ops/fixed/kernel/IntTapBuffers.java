package org.dsodenet.ops.fixed.kernel;

/** One thread's arrays for {@link IntTaps}: a layer's input in a {@link TapLayout}, the taps' rows, the sums. */
final class IntTapBuffers {
    private int[] taps = new int[0];
    private int[][] rows = new int[0][];
    private int[] sums = new int[0];

    int[] taps(TapLayout layout) {
        if (taps.length < layout.size()) {
            taps = new int[layout.size()];
        }
        return taps;
    }

    /** At least {@code count} rows of at least {@code n} ints. */
    int[][] rows(int count, int n) {
        if (rows.length < count || rows[0].length < n) {
            int width = Math.max(n, rows.length > 0 ? rows[0].length : 0);
            rows = new int[Math.max(count, rows.length)][width];
        }
        return rows;
    }

    int[] sums(int n) {
        if (sums.length < n) {
            sums = new int[n];
        }
        return sums;
    }
}
