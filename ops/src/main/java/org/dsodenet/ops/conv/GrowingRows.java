package org.dsodenet.ops.conv;

/**
 * One thread's scratch rows, all in one allocation sized as {@link AlignedRows} sizes them (so they start at the same
 * offset within a cache line), replaced by larger ones when a call needs more. Owners that keep something in the rows
 * between calls (zero gaps, tap masks) compare {@link #growths} with the count they saw when they wrote it: new rows
 * hold none of it.
 */
final class GrowingRows {
    private float[][] rows = new float[0][0];
    private int growths;

    /** At least {@code count} rows of at least {@code len} floats. */
    float[][] atLeast(int count, int len) {
        if (rows.length < count || rows[0].length < len) {
            int n = Math.max(count, rows.length);
            int l = Math.max(len, rows.length == 0 ? 0 : rows[0].length);
            rows = new float[n][AlignedRows.length(l)];
            growths++;
        }
        return rows;
    }

    /** The rows as they are. */
    float[][] rows() {
        return rows;
    }

    /** How many times the rows were replaced. */
    int growths() {
        return growths;
    }
}
