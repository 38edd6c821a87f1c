package org.dsodenet.ops.fixed.kernel;

import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.QuantMode;

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
    /** The update's conversion as a shift of offset sums, or null where it adds bits ({@link #update}). */
    private final ShiftRounding shifts;
    /** With shifts, whether its shift adds bit e of the offset sum first: AP_RND_CONV's ties to even. */
    private final boolean parity;

    private IntEuler(IntSumRounding enter, IntSumRounding update, int shift, int h, ShiftRounding shifts) {
        this.enter = enter;
        this.update = update;
        this.shift = shift;
        this.h = h;
        this.shifts = shifts;
        // a plane conversion has no bias: no sticky bit, so AP_RND_CONV breaks ties by parity wherever it drops
        // bits (ShiftRounding's rule for β = 0)
        this.parity = update.mode() == QuantMode.AP_RND_CONV && update.dropped() > 0;
    }

    /** The int form, or null when the types do not allow it. */
    static IntEuler of(FixedType in, FixedType state, FixedType sum, int shift, long hAligned) {
        if (sum.width() > 30 || in.width() > 30 || hAligned < Integer.MIN_VALUE || hAligned > Integer.MAX_VALUE) {
            return null;
        }
        IntSumRounding enter = IntSumRounding.plane(in, state, false);
        IntSumRounding update = IntSumRounding.plane(sum, state, false);
        if (enter == null || update == null) {
            return null;
        }
        ShiftRounding shifts = ShiftRounding.of(update, 1);
        // every sum of the sum type (30 bits at most) plus the offset stays within the conversion's limit
        boolean room = shifts != null && shifts.takes(0, Math.max(sum.maxRaw(), -sum.minRaw()));
        return new IntEuler(enter, update, shift, (int) hAligned, room ? shifts : null);
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

    /**
     * {@link #update(int[], int[], int)}, clamping only at the ends asked for. Where the conversion drops bits, the
     * sum starts from {@link ShiftRounding}'s offset and the update, its rounding and the clamp are one loop (one
     * pass over z and f instead of three over z): {@link #of} made sure that every sum of the sum type plus the
     * offset stays within an int. A clamp at both ends where only one is asked for changes no raw: the other is never reached.
     */
    private void update(int[] z, int[] f, int count, boolean below, boolean above) {
        final int s = shift;
        final int hh = h;
        if (shifts != null) {
            int off = shifts.offset(0);
            int e = update.dropped();
            if (below || above) {
                shiftClamped(z, f, count, s, hh, off, parity ? 1 : 0, e, update.clampLo(), update.clampHi());
            } else {
                shift(z, f, count, s, hh, off, parity ? 1 : 0, e);
            }
            return;
        }
        for (int i = 0; i < count; i++) {
            z[i] = (z[i] << s) + f[i] * hh;
        }
        update.apply(z, 0, count, 0, below, above);
    }

    /** {@code z = (v + (bit e of v)·p) >> e} of {@code v = z·2^s + f·h + off}: p = 1 rounds ties to even. */
    private static void shift(int[] z, int[] f, int n, int s, int h, int off, int p, int e) {
        for (int i = 0; i < n; i++) {
            int v = (z[i] << s) + f[i] * h + off;
            z[i] = (v + ((v >> e) & p)) >> e;
        }
    }

    /** {@link #shift}, then {@link IntTapRounding#clamp}'s branch-free clamp (C2 on JDK 17 vectorizes no min, max). */
    private static void shiftClamped(int[] z, int[] f, int n, int s, int h, int off, int p, int e, int lo, int hi) {
        for (int i = 0; i < n; i++) {
            int v = (z[i] << s) + f[i] * h + off;
            int q = (v + ((v >> e) & p)) >> e;
            int below = lo - q; // > 0 when q < lo
            q += below & ~(below >> 31);
            int above = q - hi; // > 0 when q > hi
            z[i] = q - (above & ~(above >> 31));
        }
    }
}
