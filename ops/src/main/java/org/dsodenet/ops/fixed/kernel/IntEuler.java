package org.dsodenet.ops.fixed.kernel;

import org.dsodenet.fixedpoint.FixedType;

/**
 * An ODE block's entry and Euler update ({@link EulerKernel}) on a plane of int raws, in place, where the update's
 * sum type is at most 30 bits wide: then {@code z·2^s + f·h} (every term and the sum integers of that type) is exact
 * in ints, and both conversions are {@link IntSumRounding} plane conversions.
 */
public final class IntEuler {
    private final IntSumRounding enter;
    private final IntSumRounding update;
    private final int shift;
    private final int h;

    private IntEuler(IntSumRounding enter, IntSumRounding update, int shift, int h) {
        this.enter = enter;
        this.update = update;
        this.shift = shift;
        this.h = h;
    }

    /** The int form, or null when the types do not allow it. */
    static IntEuler of(FixedType in, FixedType state, FixedType sum, int shift, long hAligned) {
        if (sum.width() > 30 || in.width() > 30 || hAligned < Integer.MIN_VALUE || hAligned > Integer.MAX_VALUE) {
            return null;
        }
        IntSumRounding enter = IntSumRounding.plane(in, state, false);
        IntSumRounding update = IntSumRounding.plane(sum, state, false);
        return enter == null || update == null ? null : new IntEuler(enter, update, shift, (int) hAligned);
    }

    /** The update's conversion, shift and aligned step (the tests' edges). */
    IntSumRounding updateRounding() {
        return update;
    }

    int shift() {
        return shift;
    }

    int h() {
        return h;
    }

    /** The first {@code count} raws of z, input raws, become the state's. */
    public void enter(int[] z, int count) {
        enter.apply(z, 0, count, 0);
    }

    /** {@link #enter(int[], int)}, and z's recorded range (if known) with it. */
    public void enter(int[] z, int count, ChannelRanges range) {
        enter.apply(z, 0, count, 0, range.clampsBelow(enter), range.clampsAbove(enter));
        range.convert(enter);
    }

    /**
     * {@link #update(int[], int[], int)}, and z's recorded range with it: per channel {@code z·2^s + f·h} lies
     * between the ends' combinations, then the monotone conversion. Unknown unless both z's and f's are known.
     */
    public void update(int[] z, int[] f, int count, ChannelRanges zRange, ChannelRanges fRange) {
        int c = zRange.channelsKnown();
        if (c < 0 || fRange == null || !fRange.known(c)) {
            update(z, f, count);
            zRange.forget();
            return;
        }
        boolean below = false;
        boolean above = false;
        for (int i = 0; i < c; i++) {
            // state and f raws fit ints, h and the shift their sum type: every term stays far inside a long
            long fUp = Math.max(fRange.hi(i) * h, fRange.lo(i) * h);
            long fDown = Math.min(fRange.hi(i) * h, fRange.lo(i) * h);
            long sumLo = (zRange.lo(i) << shift) + fDown;
            long sumHi = (zRange.hi(i) << shift) + fUp;
            below |= update.clampsBelow(sumLo);
            above |= update.clampsAbove(sumHi);
            zRange.set(i, update.lowest(sumLo), update.highest(sumHi));
        }
        update(z, f, count, below, above);
    }

    /** The first {@code count} raws of z become {@code z + f·h}. */
    public void update(int[] z, int[] f, int count) {
        update(z, f, count, true, true);
    }

    /** {@link #update(int[], int[], int)}, clamping only at the ends asked for. */
    private void update(int[] z, int[] f, int count, boolean below, boolean above) {
        final int s = shift;
        final int hh = h;
        for (int i = 0; i < count; i++) {
            z[i] = (z[i] << s) + f[i] * hh;
        }
        update.apply(z, 0, count, 0, below, above);
    }
}
