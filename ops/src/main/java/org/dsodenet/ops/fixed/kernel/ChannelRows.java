package org.dsodenet.ops.fixed.kernel;

/**
 * One thread's rows for {@link ChannelTaps}' runs of one geometry: the three shifted input rows, the sums, and the
 * loaded run's nine weight rows and initial values, all of one {@link AlignedInts} allocation, so that every tap pass
 * reads and writes its seven rows at one alignment. Not thread-safe: one per thread and geometry.
 */
final class ChannelRows {
    /** Per tap row ky, the input shifted to it. */
    final int[][] inputs;
    final int[] sums;
    /** Per tap {@code 3·ky + kx}, the loaded run's weight row. */
    final int[][] weights;
    final int[] init;

    ChannelRows(ChannelTaps taps) {
        int[][] rows = AlignedInts.rows(14, taps.width()); // 3 inputs, the sums, 9 weights, the initial values
        this.inputs = new int[][] {rows[0], rows[1], rows[2]};
        this.sums = rows[3];
        this.weights = new int[9][];
        for (int t = 0; t < 9; t++) {
            weights[t] = rows[4 + t];
        }
        this.init = rows[13];
    }
}
