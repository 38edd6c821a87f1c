package org.dsodenet.ops.conv;

/**
 * Per-thread scratch rows of the tall-plane depthwise kernels, like {@code Workspace} but with every row of a slot
 * allocated at once and each row's array a multiple of 64 bytes long (a 16-byte array header assumed, HotSpot's
 * with compressed class pointers), so that rows allocated one after another start at the same offset within a
 * cache line.
 *
 * <p>Why: a kernel loop reads and writes several rows at one index, and C2 aligns its vector loop to one of them;
 * rows that start at other offsets within a line make every 64-byte load of theirs straddle two lines. With rows
 * from separate allocations the offsets differ from one JVM to the next: the 64@7×7 forward took 73–75 µs with
 * them and 67–68 µs with aligned rows of one allocation (one thread, same JVM, interleaved). Contents stay
 * unspecified and results never depend on where a row lies; if the heap places rows otherwise, only speed changes.
 */
final class AlignedRows {
    /** Slots a kernel may use at once: 0 for the forward, 1 for the weight gradient. */
    static final int SLOTS = 2;
    private static final ThreadLocal<float[][][]> LOCAL = ThreadLocal.withInitial(() -> new float[SLOTS][][]);

    private AlignedRows() {}

    /** At least {@code count} rows of at least {@code len} floats of the calling thread's slot, grown when needed. */
    static float[][] rows(int slot, int count, int len) {
        float[][][] slots = LOCAL.get();
        float[][] rows = slots[slot];
        if (rows == null || rows.length < count || rows[0].length < len) {
            int n = Math.max(count, rows == null ? 0 : rows.length);
            int l = Math.max(len, rows == null ? 0 : rows[0].length);
            rows = new float[n][length(l)];
            slots[slot] = rows;
        }
        return rows;
    }

    /** The smallest length of at least {@code len} floats whose array, header included, is a multiple of 64 bytes. */
    static int length(int len) {
        return len + Math.floorMod(12 - len, 16);
    }
}
