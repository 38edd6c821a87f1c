package org.dsodenet.ops.conv;

/**
 * The calling thread's column-shift rows for {@link TallPlanes}: row {@code pad} is the tall plane, the others its
 * column shifts ({@link TallPlanes#columnShift}).
 *
 * <p>Only this class writes the tall-plane row, and a group's plane copies always land on the same positions, so
 * its gap rows and read-ahead stay zero from one work item to the next: the row is zero-filled only when the layout
 * (the {@code TallPlanes} object) or the group's sample count differs from the last fill on this thread. That fill
 * of the whole row per work item was about 8 % of a 7×7 forward, and the weight gradient made one per sample.
 */
final class ShiftRows {
    private static final ThreadLocal<ShiftRows> LOCAL = ThreadLocal.withInitial(ShiftRows::new);

    private float[][] rows = new float[1][0];
    /** Layout and sample count the tall-plane row's zeros are for; null when they are for none. */
    private TallPlanes zeroedFor;
    private int zeroedSamples;

    private ShiftRows() {}

    /**
     * The tall plane of channel c for group g of the NCHW batch that starts at {@code x[from]} as row {@code pad},
     * and its other column shifts; the rows stay the calling thread's until its next call.
     */
    static float[][] build(TallPlanes in, float[] x, int from, int g, int c) {
        ShiftRows s = LOCAL.get();
        int len = in.maxTallLength();
        if (s.rows.length < in.k || s.rows[0].length < len) {
            s.rows = new float[Math.max(in.k, s.rows.length)][Math.max(len, s.rows[0].length)];
            s.zeroedFor = null;
        }
        float[] tall = s.rows[in.pad];
        if (s.zeroedFor != in || s.zeroedSamples != in.samples(g)) {
            in.zeroTall(g, tall);
            s.zeroedFor = in;
            s.zeroedSamples = in.samples(g);
        }
        in.copyPlanes(x, from, g, c, tall);
        for (int kx = 0; kx < in.k; kx++) {
            if (kx != in.pad) {
                in.columnShift(tall, g, kx, s.rows[kx]);
            }
        }
        return s.rows;
    }
}
