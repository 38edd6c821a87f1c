package org.dsodenet.ops.fixed.kernel;

/**
 * Per channel of a group's int plane, a range {@code [lo, hi]} that holds every raw of that channel in every sample
 * of the group, and 0 (padding reads 0), recorded by the step that wrote the plane ({@link IntBatchConv},
 * {@link IntConversion}, {@link IntEuler}) from the ranges of its own inputs, so that the next int layer can decide
 * its channels' routes without scanning the plane. A recorded range may be looser than the raws' own (a bound, not a
 * scan); it must never be tighter. Unknown until a step records it, and unknown again when a step that does not
 * record writes the plane.
 */
public final class ChannelRanges {
    private long[] hi = new long[0];
    private long[] lo = new long[0];
    /** How many channels the range covers; -1: unknown. */
    private int channels = -1;

    /** The plane was written by a step that records no range. */
    public void forget() {
        channels = -1;
    }

    /** Whether a range of exactly c channels is recorded. */
    public boolean known(int c) {
        return channels == c;
    }

    /** How many channels the range covers, -1 when unknown. */
    public int channelsKnown() {
        return channels;
    }

    /** Makes the range one of c channels, each to be set ({@link #set}). */
    void resize(int c) {
        if (hi.length < c) {
            hi = new long[c];
            lo = new long[c];
        }
        channels = c;
    }

    /** Channel c holds raws within {@code [low, high]} (widened to hold 0). */
    void set(int c, long low, long high) {
        lo[c] = Math.min(0, low);
        hi[c] = Math.max(0, high);
    }

    /** Channel c holds raws within {@code [lo[c], hi[c]]} for every c < count (each range holding 0). */
    void record(long[] hi, long[] lo, int count) {
        resize(count);
        for (int c = 0; c < count; c++) {
            set(c, lo[c], hi[c]);
        }
    }

    /** Channel c's largest raw at most (at least 0). */
    public long hi(int c) {
        return hi[c];
    }

    /** Channel c's smallest raw at least (at most 0). */
    public long lo(int c) {
        return lo[c];
    }

    /** Copies r's range (unknown when r is null or unknown). */
    public void copyFrom(ChannelRanges r) {
        if (r == null || r.channels < 0) {
            forget();
            return;
        }
        resize(r.channels);
        System.arraycopy(r.hi, 0, hi, 0, channels);
        System.arraycopy(r.lo, 0, lo, 0, channels);
    }

    /** Appends a channel whose raws are all t (an ODE block's time plane); stays unknown when unknown. */
    public void appendConstant(long t) {
        if (channels < 0) {
            return;
        }
        int c = channels;
        long[] h = hi;
        long[] l = lo;
        resize(c + 1);
        if (h != hi) {
            System.arraycopy(h, 0, hi, 0, c);
            System.arraycopy(l, 0, lo, 0, c);
        }
        set(c, t, t);
    }

    /** Whether some channel's raws may convert below r's clamp (unknown: may); see {@link IntSumRounding#clampsBelow}. */
    boolean clampsBelow(IntSumRounding r) {
        for (int c = 0; c < channels; c++) {
            if (r.clampsBelow(lo[c])) {
                return true;
            }
        }
        return channels < 0;
    }

    /** Whether some channel's raws may convert above r's clamp (unknown: may). */
    boolean clampsAbove(IntSumRounding r) {
        for (int c = 0; c < channels; c++) {
            if (r.clampsAbove(hi[c])) {
                return true;
            }
        }
        return channels < 0;
    }

    /** Every channel's range through a monotone plane conversion ({@link IntSumRounding#lowest}, {@code highest}). */
    void convert(IntSumRounding r) {
        for (int c = 0; c < channels; c++) {
            set(c, r.lowest(lo[c]), r.highest(hi[c]));
        }
    }
}
