package org.dsodenet.fixedpoint;

/**
 * The allocation-free conversion core on {@code long} raws (both types at most 64 bits, and no 64-bit unsigned type).
 * It computes the same results as {@link WideFx#convert} without materializing wide intermediates: a left shift is
 * checked against the range before it is made, and a right shift keeps only the bits rounding needs.
 */
final class FastCast {
    private FastCast() {}

    /**
     * The fast conversion core. {@code v} is the source integer, {@code shift} the number of fractional bits the
     * destination drops (negative: adds). The destination range {@code [min, max]} and modes are passed in so callers can precompute them.
     */
    static long convert(long v, int shift, int w, int srcWidth, boolean signed, boolean srcSigned, long min, long max,
                        QuantMode quant, OverflowMode overflow, int satBits, FixedStats stats) {
        long q;
        boolean quantized = false;
        boolean over;
        boolean under;
        boolean minEdge;
        if (shift > 0) {
            boolean qb;
            boolean r;
            if (shift >= 64) {
                q = v < 0 ? -1 : 0;
                quantized = v != 0;
                qb = v < 0;
                r = shift == 64 ? (v & Long.MAX_VALUE) != 0 : v != 0;
            } else {
                q = v >> shift;
                long rem = v & ((1L << shift) - 1);
                quantized = rem != 0;
                qb = ((rem >>> (shift - 1)) & 1) != 0;
                r = (rem & ((1L << (shift - 1)) - 1)) != 0;
            }
            if (quantized && Rounding.increment(quant, qb, r, v < 0, (q & 1) != 0)) {
                q++;
            }
            over = q > max;
            under = q < min;
            minEdge = q == min;
        } else {
            int k = -shift;
            if (v == 0) {
                q = 0;
                over = false;
                under = false;
                minEdge = false;
            } else {
                q = k >= 64 ? 0 : v << k;
                over = v > (k >= 63 ? 0 : max >> k);
                long lim = signed ? (k <= w - 1 ? -(1L << (w - 1 - k)) : 0) : 0;
                under = v < lim;
                minEdge = signed && k <= w - 1 && v == lim;
            }
        }
        if (minEdge && !under && overflow.minIsUnderflow(signed, srcSigned)) {
            under = true;
        }
        if (stats != null) {
            stats.count(quantized, over || under, overflow);
        }
        if (!(over || under)) {
            return q;
        }
        long mask = w == 64 ? -1L : (1L << w) - 1;
        if (overflow == OverflowMode.AP_WRAP && satBits == 0) {
            return extend(q & mask, w, signed);
        }
        switch (overflow) {
            case AP_SAT:
                return over ? max : min;
            case AP_SAT_ZERO:
                return 0;
            case AP_SAT_SYM:
                // Xilinx writes the pattern 10..01: -max, except that for W = 1 it is the minimum itself.
                return over ? max : (signed ? (w == 1 ? min : -max) : 0);
            default:
                int pos1 = shift + w;
                boolean lD = pos1 >= 0 && pos1 < srcWidth && ((v >> pos1) & 1) != 0;
                return extend(FastWrapBits.apply(q & mask, w, signed, overflow, satBits, under, lD), w, signed);
        }
    }

    /** A double into a fast type: the mantissa with the implicit one, at the double's exponent (see DoubleParts). */
    static long fromDouble(double v, FixedType to, long min, long max, FixedStats stats) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("cannot convert " + v + " to fixed point: no NaN or infinity in ap_fixed");
        }
        long bits = Double.doubleToRawLongBits(v);
        if ((bits & Long.MAX_VALUE) == 0) {
            if (stats != null) {
                stats.conversions++;
            }
            return 0;
        }
        int exp = (int) ((bits >>> 52) & 0x7ff) - 1023;
        long man = (bits & ((1L << 52) - 1)) | (1L << 52);
        if (bits < 0) {
            man = -man;
        }
        int shift = 52 - exp - to.fracBits();
        return convert(man, shift, to.width(), DoubleParts.WIDTH, to.signed(), true, min, max, to.quant(), to.overflow(),
                to.satBits(), stats);
    }

    static long extend(long pattern, int w, boolean signed) {
        return signed ? (pattern << (64 - w)) >> (64 - w) : pattern;
    }
}
