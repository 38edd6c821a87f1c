package org.dsodenet.ops.fixed.kernel;

import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;

/**
 * The count-free output conversion of an {@link IntTaps} channel on its int sums, in place, where
 * {@link IntTapChannels#value} is an int (a signed accumulator, or an unsigned one narrower than 32 bits) and the
 * output drops {@code d ≥ 0} bits by AP_TRN, AP_RND or AP_RND_CONV and saturates by a clamp to a range within an
 * int. Then the accumulator raw {@code v} is {@code (s << w) >> w} ({@code >>>} when unsigned) of the int sum s,
 * w = 32 - W; AP_TRN is {@code v >> d}, AP_RND adds the first dropped bit, AP_RND_CONV adds it when a lower dropped
 * bit is set or the kept value is odd (the increments of {@link PlaneConversion}, on ints, where nothing can
 * overflow: {@code v >> d} plus at most 1 stays within v's range); the clamp to {@code [minRawKept, maxRaw]} is
 * ap_fixed's saturation of the quantized value. Shifts, masks and adds on one int array: the loop shape C2 (JDK 17)
 * vectorizes, where the general path widens each sum to a long first.
 */
final class IntTapRounding {
    private final QuantMode mode;
    private final int d;
    private final int w;
    private final boolean unsigned;
    private final int lo;
    private final int hi;

    private IntTapRounding(QuantMode mode, int d, int w, boolean unsigned, int lo, int hi) {
        this.mode = mode;
        this.d = d;
        this.w = w;
        this.unsigned = unsigned;
        this.lo = lo;
        this.hi = hi;
    }

    /**
     * The plan for the output conversion from accumulator raws {@code acc} to {@code out}, given how the channels'
     * int sums give the raw ({@code wrapShift}, {@code unsigned}: see {@link IntTapChannels}); null when it does
     * not qualify.
     */
    static IntTapRounding of(FixedType acc, FixedType out, int wrapShift, boolean unsigned) {
        int d = acc.fracBits() - out.fracBits();
        QuantMode q = d == 0 ? QuantMode.AP_TRN : out.quant();
        boolean mode = q == QuantMode.AP_TRN || q == QuantMode.AP_RND || q == QuantMode.AP_RND_CONV;
        OverflowMode o = out.overflow();
        boolean clamps = o == OverflowMode.AP_SAT
                || o == OverflowMode.AP_SAT_SYM && (!out.signed() || acc.signed() && out.width() > 1);
        // An unsigned raw of 32 bits is no int. The clamp's differences need |q| ≤ 2^30 (a dropped bit, or a raw
        // of at most 31 bits) and bounds within 2^29.
        if (!mode || !clamps || d < 0 || d > 31 || unsigned && wrapShift == 0 || out.width() > 30
                || d == 0 && 32 - wrapShift > 31) {
            return null;
        }
        return new IntTapRounding(q, d, wrapShift, unsigned, (int) out.minRawKept(acc.signed()), (int) out.maxRaw());
    }

    /**
     * The output raws from the int sums ({@code n} of them, rows {@code cols} wide), converted in place, into
     * {@code y[y0 + oy·wo + ox]} for the {@code ho×wo} outputs.
     */
    void apply(int[] sums, int n, int cols, int ho, int wo, long[] y, int y0) {
        final int s = w;
        final int sh = d;
        final int l = lo;
        final int h = hi;
        if (unsigned) {
            for (int i = 0; i < n; i++) {
                sums[i] = (sums[i] << s) >>> s;
            }
        } else if (s > 0) {
            for (int i = 0; i < n; i++) {
                sums[i] = (sums[i] << s) >> s;
            }
        }
        if (sh > 0 && mode == QuantMode.AP_TRN) {
            for (int i = 0; i < n; i++) {
                sums[i] = sums[i] >> sh;
            }
        } else if (sh > 0 && mode == QuantMode.AP_RND) {
            final int qb = sh - 1;
            for (int i = 0; i < n; i++) {
                int v = sums[i];
                sums[i] = (v >> sh) + ((v >>> qb) & 1);
            }
        } else if (sh > 0) { // AP_RND_CONV
            final int qb = sh - 1;
            final int rMask = sh <= 1 ? 0 : (1 << (sh - 1)) - 1;
            for (int i = 0; i < n; i++) {
                int v = sums[i];
                int f = v >> sh;
                int r = ((v & rMask) + rMask) >>> qb; // 1 when a bit below the first dropped bit is set
                sums[i] = f + (((v >>> qb) & 1) & (r | (f & 1)));
            }
        }
        clamp(sums, 0, n, l, h);
        for (int oy = 0; oy < ho; oy++) {
            int a = oy * cols;
            int b = y0 + oy * wo;
            for (int ox = 0; ox < wo; ox++) {
                y[b + ox] = sums[a + ox];
            }
        }
    }

    /** {@link #clamp(int[], int, int, int, int)} at the ends asked for only: one pass, or none without either. */
    static void clamp(int[] a, int from, int to, int lo, int hi, boolean below, boolean above) {
        if (below && above) {
            clamp(a, from, to, lo, hi);
        } else if (below) {
            for (int i = from; i < to; i++) {
                int below0 = lo - a[i]; // > 0 when a[i] < lo
                a[i] += below0 & ~(below0 >> 31);
            }
        } else if (above) {
            for (int i = from; i < to; i++) {
                int above0 = a[i] - hi; // > 0 when a[i] > hi
                a[i] -= above0 & ~(above0 >> 31);
            }
        }
    }

    /**
     * {@code a[i] = min(hi, max(lo, a[i]))} for {@code from ≤ i < to}, with masks: C2 (JDK 17) does not vectorize int min and max.
     * Needs {@code |a[i]| ≤ 2^30} and bounds within 2^30, so both differences stay inside an int.
     */
    static void clamp(int[] a, int from, int to, int lo, int hi) {
        for (int i = from; i < to; i++) {
            int q = a[i];
            int below = lo - q; // > 0 when q < lo
            q += below & ~(below >> 31);
            int above = q - hi; // > 0 when q > hi
            a[i] = q - (above & ~(above >> 31));
        }
    }
}
