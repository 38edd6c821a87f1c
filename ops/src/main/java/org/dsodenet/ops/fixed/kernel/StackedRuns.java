package org.dsodenet.ops.fixed.kernel;

/**
 * One thread's rows for the runs of one {@link StackedLayout} on plain ints ({@link StackedTaps}): the layout's row,
 * whose zeros stay in place from run to run (only the planes are written), the shifted copies of it, the sums, and
 * the tap columns' masks, all of one {@link AlignedInts} allocation, so that every tap pass reads and writes its rows
 * at one alignment. Not thread-safe: one per thread and geometry.
 */
final class StackedRuns {
    final int[] row;
    /** Per tap row ky ≥ 1, the row shifted by ky map rows (index 0 unused: the row itself). */
    final int[][] shifted;
    final int[] sums;
    /** Per tap column, {@link StackedTaps#fillMasks}'s masks (null at pad). */
    final int[][] masks;

    /** Rows for runs of at most {@code layout.samples()} samples of the layout, summed by taps. */
    StackedRuns(StackedLayout layout, StackedTaps taps, int k) {
        int n = layout.runLength(layout.samples());
        // the row, k - 1 shifted copies, the sums, k - 1 masks
        int[][] rows = AlignedInts.rows(2 * k, Math.max(layout.size(layout.samples()), taps.width(n)));
        this.row = rows[0];
        this.shifted = new int[k][];
        for (int i = 1; i < k; i++) {
            shifted[i] = rows[i];
        }
        this.sums = rows[k];
        this.masks = new int[k][];
        int pad = (k - 1) / 2;
        for (int kx = 0, r = k + 1; kx < k; kx++) {
            masks[kx] = kx == pad ? null : rows[r++];
        }
        taps.fillMasks(masks);
    }
}
