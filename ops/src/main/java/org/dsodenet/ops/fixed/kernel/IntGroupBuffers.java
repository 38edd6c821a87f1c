package org.dsodenet.ops.fixed.kernel;

/**
 * One thread's arrays for {@link IntBatchConv}: each sample of a chunk in its {@link TapLayout}, the taps' rows over
 * the chunk (and their split halves, {@link IntSplit}), the sums, the channels on plain ints. They grow to the
 * largest layer once and are reused. Not thread-safe: one per thread.
 */
public final class IntGroupBuffers {
    private final java.util.Map<Object, int[][]> layouts = new java.util.IdentityHashMap<>();
    private boolean[] flags = new boolean[0];
    private final IntTapBuffers taps = new IntTapBuffers();
    private final IntTapBuffers high = new IntTapBuffers();
    private final IntTapBuffers low = new IntTapBuffers();
    /** Chunks of output channels that ran on split sums (the tests' coverage measure). */
    long splits;

    /**
     * The layer's own {@code count} arrays of {@code n} ints, one per sample of a chunk, zero until the layer writes
     * them: so the zeros of its {@link TapLayout} stay in place from call to call ({@link TapLayout#fillRuns}).
     */
    int[][] layouts(Object layer, int count, int n) {
        int[][] l = layouts.get(layer);
        if (l == null || l.length < count) {
            l = new int[count][n];
            layouts.put(layer, l);
        }
        return l;
    }

    /** How many chunks of output channels ran on split sums ({@link IntSplit}) with these buffers. */
    public long splits() {
        return splits;
    }

    boolean[] flags(int n) {
        if (flags.length < n) {
            flags = new boolean[n];
        }
        return flags;
    }

    int[][] rows(int count, int n) {
        return taps.rows(count, n);
    }

    int[] sums(int n) {
        return taps.sums(n);
    }

    int[][] high(int count, int n) {
        return high.rows(count, n);
    }

    int[][] low(int count, int n) {
        return low.rows(count, n);
    }

    /** The high halves' sums. */
    int[] upper(int n) {
        return high.sums(n);
    }
}
