package org.dsodenet.ops.fixed.kernel;

/**
 * Int rows allocated at once, each array a multiple of 64 bytes long (a 16-byte array header assumed, HotSpot's with
 * compressed class pointers), so that rows allocated one after another start at the same offset within a cache
 * line: the int twin of the float kernels' aligned rows.
 *
 * <p>Why: a tap loop reads and writes several rows at one index, and C2 aligns its vector loop to one of them; rows
 * that start at other offsets within a line make every 64-byte load of theirs straddle two lines. A three-tap pass
 * over 1,001 ints with a mask took ≈ 62 ns on rows of one such allocation and ≈ 133 ns on rows of separate ones
 * (same JVM). Contents stay unspecified and results never depend on where a row lies; if the heap places rows
 * otherwise, only speed changes.
 */
final class AlignedInts {
    private AlignedInts() {}

    /** {@code count} rows of at least {@code len} ints each, allocated at once. */
    static int[][] rows(int count, int len) {
        return new int[count][length(len)];
    }

    /** The smallest length of at least {@code len} ints whose array, header included, is a multiple of 64 bytes. */
    static int length(int len) {
        return len + Math.floorMod(12 - len, 16);
    }
}
