package org.dsodenet.ops.fixed.kernel;

/**
 * One thread's arrays for {@link IntBatchConv}: each sample of a chunk in its {@link TapLayout}, the taps' rows over
 * the chunk (and their split halves, {@link IntSplit}), the sums, the channels on plain ints. They grow to the
 * largest layer once and are reused. Not thread-safe: one per thread.
 */
public final class IntGroupBuffers {
    /** Keyed by geometry: layers of one geometry share a layout, so they share its zeros too. */
    private static final int MAX_GEOMETRIES = 64;
    private final java.util.Map<ConvGeometry, int[][]> layouts = new java.util.HashMap<>();
    private final java.util.Map<ConvGeometry, StackedRuns> stacks = new java.util.HashMap<>();
    private final java.util.Map<ConvGeometry, ChannelRows> channelRows = new java.util.HashMap<>();
    /**
     * Cleared by the first GC after it was made ({@link #renewAfterGc}): stacks' and channelRows' rows were allocated
     * one after another to share one alignment within a cache line ({@link AlignedInts}), which a GC that moves them
     * one by one undoes (16-bit 64@7×7, batch 32: 65–69 µs before a System.gc(), 78–91 after; 65–67 throughout with
     * -XX:ObjectAlignmentInBytes=64).
     */
    private java.lang.ref.WeakReference<Object> sinceGc = new java.lang.ref.WeakReference<>(new Object());
    private int[][] masked = new int[0][];
    private boolean[] flags = new boolean[0];
    private int[] parts = new int[0];
    /** Per output channel on split partial sums, its groups of taps ({@link IntPartialSplit#bits}). */
    int[][] groupEnds = new int[0][];
    private int[] partial = new int[0];
    private long[] inHi = new long[0];
    private long[] zHi = new long[0];
    private long[] zLo = new long[0];
    /** Per output channel, whether its conversion needs the clamp (the sums' bounds may pass it). */
    boolean[] clamps = new boolean[0];
    private long[] inLo = new long[0];
    private int[] scanCopy = new int[0];
    private int[] scanHalf = new int[0];
    private int[] scanMaxima = new int[0];
    private int[] scanMinima = new int[0];
    private final IntTapBuffers taps = new IntTapBuffers();
    private final IntTapBuffers high = new IntTapBuffers();
    private final IntTapBuffers low = new IntTapBuffers();
    /** Chunks of output channels that ran on split sums (the tests' coverage measure). */
    long splits;
    /** Chunks of output channels that ran on split partial sums (the tests' coverage measure). */
    long partials;
    /** Chunks of pointwise layers whose taps were read from the input plane itself (the tests' coverage measure). */
    long directs;
    /** Chunks of layers laid out in a {@link FlatLayout} (the tests' coverage measure). */
    long flats;
    /** Chunks of depthwise layers laid out in a {@link StackedLayout} (the tests' coverage measure). */
    long stacked;
    /** Runs of a chunk's channels summed sample by sample by {@link ChannelTaps} (the tests' coverage measure). */
    long channelRuns;
    /** Layer runs whose routes their input's recorded range decided, with no scan (the tests' coverage measure). */
    long recorded;
    /**
     * Output channels of chunks of dense and pointwise layers converted by {@link ShiftRounding}, with the clamp and
     * without (the tests' coverage measure).
     */
    long shiftedClamped;
    long shiftedUnclamped;

    /**
     * The geometry's own {@code count} arrays of {@code n} ints, one per sample of a chunk, zero until a layer of
     * that geometry writes them: every such layer has the same {@link TapLayout}, whose zeros stay in place from call
     * to call ({@link TapLayout#fillRuns} writes only the input's runs), even across forwards of the same network.
     */
    int[][] layouts(ConvGeometry geometry, int count, int n) {
        int[][] l = layouts.get(geometry);
        if (l == null || l.length < count || l[0].length != n) {
            if (layouts.size() >= MAX_GEOMETRIES) { // a thread that ran many networks: keep memory bounded
                layouts.clear();
            }
            l = new int[count][n];
            layouts.put(geometry, l);
        }
        return l;
    }

    /** Starts the split-run count again (a new forward takes these buffers over). */
    public void resetCounts() {
        splits = 0;
        partials = 0;
        directs = 0;
        flats = 0;
        stacked = 0;
        channelRuns = 0;
        recorded = 0;
        shiftedClamped = 0;
        shiftedUnclamped = 0;
    }

    /** How many chunks of output channels ran on split sums ({@link IntSplit}) with these buffers. */
    public long splits() {
        return splits;
    }

    /** How many chunks of output channels ran on split partial sums ({@link IntPartialSplit}) with these buffers. */
    public long partials() {
        return partials;
    }

    /** How many chunks of pointwise layers read their taps from the input plane itself with these buffers. */
    public long directs() {
        return directs;
    }

    /** How many chunks of layers laid out in a {@link FlatLayout} ran with these buffers. */
    public long flats() {
        return flats;
    }

    /** How many chunks of depthwise layers laid out in a {@link StackedLayout} ran with these buffers. */
    public long stacked() {
        return stacked;
    }

    /**
     * The geometry's own rows for its {@link StackedLayout} ({@link StackedRuns}), whose row is zero until a layer of
     * that geometry writes it: the layout's zeros stay in place from call to call, as {@link #layouts}' do. Every
     * layer of one geometry has the same layout and taps.
     */
    StackedRuns stack(ConvGeometry geometry, StackedLayout layout, StackedTaps taps) {
        renewAfterGc();
        StackedRuns s = stacks.get(geometry);
        if (s == null) {
            if (stacks.size() >= MAX_GEOMETRIES) { // a thread that ran many networks: keep memory bounded
                stacks.clear();
            }
            s = new StackedRuns(layout, taps, geometry.k());
            stacks.put(geometry, s);
        }
        return s;
    }

    /** The geometry's own rows for {@link ChannelTaps}' runs; every layer of one geometry has the same taps' widths. */
    ChannelRows channelRows(ConvGeometry geometry, ChannelTaps taps) {
        renewAfterGc();
        ChannelRows r = channelRows.get(geometry);
        if (r == null) {
            if (channelRows.size() >= MAX_GEOMETRIES) { // a thread that ran many networks: keep memory bounded
                channelRows.clear();
            }
            r = new ChannelRows(taps);
            channelRows.put(geometry, r);
        }
        return r;
    }

    /**
     * After a GC, drops the stacked and channel rows, so that they are made again side by side (a fresh stacked row
     * is zero wherever its layout has zeros, as a kept one is).
     */
    private void renewAfterGc() {
        if (sinceGc.get() == null) {
            stacks.clear();
            channelRows.clear();
            sinceGc = new java.lang.ref.WeakReference<>(new Object());
        }
    }

    /** How many runs of a chunk's channels {@link ChannelTaps} summed with these buffers. */
    public long channelRuns() {
        return channelRuns;
    }

    /** At least {@code count} rows of at least n ints for {@link StackedLayout#masked}. */
    int[][] masked(int count, int n) {
        if (masked.length < count || masked[0].length < n) {
            masked = new int[Math.max(count, masked.length)][Math.max(n, masked.length > 0 ? masked[0].length : 0)];
        }
        return masked;
    }

    boolean[] flags(int n) {
        if (flags.length < n) {
            flags = new boolean[n];
        }
        return flags;
    }

    /** Per output channel, the split of its partial sums ({@link IntPartialSplit}), 0 when it takes another route. */
    int[] parts(int n) {
        if (parts.length < n) {
            parts = new int[n];
        }
        return parts;
    }

    /** Room for every output channel's groups of {@code n - 1} taps ({@link IntPartialSplit#bits}) in groupEnds. */
    void groupEnds(int channels, int n) {
        if (groupEnds.length < channels || groupEnds[0].length < n) {
            groupEnds = new int[Math.max(channels, groupEnds.length)][Math.max(n,
                    groupEnds.length > 0 ? groupEnds[0].length : 0)];
        }
    }

    /** A group's partial sums ({@link IntPartialSplit#sum}). */
    int[] partial(int n) {
        if (partial.length < n) {
            partial = new int[n];
        }
        return partial;
    }

    /** How many layer runs their input's recorded range decided ({@link ChannelRanges}) with these buffers. */
    public long recorded() {
        return recorded;
    }

    /** Per input channel, the largest raw the layer's routes are decided for. */
    long[] inHi(int n) {
        if (inHi.length < n) {
            inHi = new long[n];
        }
        return inHi;
    }

    /** Per output channel, the largest sum its inputs' ranges allow. */
    long[] zHi(int n) {
        if (zHi.length < n) {
            zHi = new long[n];
        }
        return zHi;
    }

    /** Per output channel, the smallest sum its inputs' ranges allow. */
    long[] zLo(int n) {
        if (zLo.length < n) {
            zLo = new long[n];
        }
        return zLo;
    }

    /** Per output channel, whether its conversion clamps. */
    boolean[] clamps(int n) {
        if (clamps.length < n) {
            clamps = new boolean[n];
        }
        return clamps;
    }

    /** Per input channel, the smallest raw the layer's routes are decided for. */
    long[] inLo(int n) {
        if (inLo.length < n) {
            inLo = new long[n];
        }
        return inLo;
    }

    /** A plane's copy, where {@link PlaneMaxima#fold} reads it indexed as the maxima are. */
    int[] scanCopy(int n) {
        if (scanCopy.length < n) {
            scanCopy = new int[n];
        }
        return scanCopy;
    }

    /** The second half's copy when {@link PlaneMaxima} reduces by halving (scanCopy holds the first). */
    int[] scanHalf(int n) {
        if (scanHalf.length < n) {
            scanHalf = new int[n];
        }
        return scanHalf;
    }

    /** Per position of a plane, the largest raw seen there. */
    int[] scanMaxima(int n) {
        if (scanMaxima.length < n) {
            scanMaxima = new int[n];
        }
        return scanMaxima;
    }

    /** Per position of a plane, the smallest raw seen there. */
    int[] scanMinima(int n) {
        if (scanMinima.length < n) {
            scanMinima = new int[n];
        }
        return scanMinima;
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
