package org.dsodenet.fixedpoint.systemc;

import java.math.BigInteger;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.WideFx;

/**
 * Decides from the inputs alone (never from either result) whether a conversion falls in one of the documented
 * {@link SystemcDifference} corners, and states what SystemC produces there. The differential tests leave exactly
 * these cases out; {@code SystemcDifferencesTest} checks that the differences really occur and that, on the golden
 * vectors, the corners are exactly the lines where SystemC disagrees.
 */
final class SystemcDifferences {
    private SystemcDifferences() {}

    /** The corner {@code to = from(raw)} falls in, or null when SystemC and ap_fixed must agree. */
    static SystemcDifference ofCast(BigInteger raw, FixedType from, FixedType to) {
        if (!cornerModes(to)) {
            return null;
        }
        BigInteger q = quantized(raw, from, to);
        int w = to.width();
        boolean under = q.compareTo(WideFx.minRaw(to)) < 0;
        boolean over = q.compareTo(WideFx.maxRaw(to)) > 0;
        if (!to.signed() && to.overflow() == OverflowMode.AP_WRAP && to.satBits() > 0 && q.signum() < 0) {
            return SystemcDifference.UNSIGNED_WRAP_SAT_BITS_UNDERFLOW;
        }
        if (to.signed() && w == 1 && to.overflow() == OverflowMode.AP_SAT_SYM && q.signum() < 0) {
            return SystemcDifference.SAT_SYM_ONE_BIT_NEGATIVE;
        }
        if (to.overflow() == OverflowMode.AP_WRAP_SM && to.satBits() == 0 && (over || under)
                && apBitAboveMsb(raw, from, to) != q.testBit(w)) {
            return SystemcDifference.WRAP_SM_BIT_ABOVE_MSB;
        }
        return null;
    }

    /** Whether the destination's modes belong to one of the cast corners at all (the cheap part of the test). */
    private static boolean cornerModes(FixedType to) {
        OverflowMode o = to.overflow();
        return !to.signed() && o == OverflowMode.AP_WRAP && to.satBits() > 0
                || to.signed() && to.width() == 1 && o == OverflowMode.AP_SAT_SYM
                || o == OverflowMode.AP_WRAP_SM && to.satBits() == 0;
    }

    /** The corner {@code to = v} falls in, or null when SystemC and ap_fixed must agree. */
    static SystemcDifference ofDouble(double v, FixedType to) {
        if (isSubnormal(v) && to.lsbExponent() < -1021) {
            return SystemcDifference.SUBNORMAL_DOUBLE;
        }
        XilinxDouble x = XilinxDouble.of(v);
        return x.raw().signum() == 0 ? null : ofCast(x.raw(), x.type(), to);
    }

    /** The corner {@code x.to_double()} falls in, or null when SystemC and ap_fixed must agree. */
    static SystemcDifference ofToDouble(BigInteger raw, FixedType t) {
        DoubleRounding r = DoubleRounding.of(raw, t);
        if (r == null) {
            return null;
        }
        if (!r.normal()) {
            // Truncation differs when nearest rounds away from zero; under 2^-1074 SystemC's zero is +0, never -0.
            boolean differs = r.nearestRoundsUp() || raw.signum() < 0 && r.kept().signum() == 0;
            return differs ? SystemcDifference.TO_DOUBLE_BELOW_NORMAL : null;
        }
        return r.half() && !r.sticky() && !r.keptOdd() ? SystemcDifference.TO_DOUBLE_TIE : null;
    }

    /**
     * What SystemC's to_double produces, from its rule ({@code scfx_rep::to_double}): the significand cut to the
     * double's precision, plus one unit in the last place when the first dropped bit is set, in the normal range;
     * cut toward zero below it, and +0 under 2^-1074.
     */
    static double systemcToDouble(BigInteger raw, FixedType t) {
        DoubleRounding r = DoubleRounding.of(raw, t);
        if (r == null) {
            return WideFx.toDouble(raw, t); // exact: nothing to round
        }
        if (r.kept().signum() == 0) {
            return 0.0;
        }
        BigInteger kept = r.normal() && r.half() ? r.kept().add(BigInteger.ONE) : r.kept();
        double magnitude = Math.scalb(kept.doubleValue(), r.gridExponent());
        return raw.signum() < 0 ? -magnitude : magnitude;
    }

    static boolean isSubnormal(double v) {
        return v != 0 && Math.abs(v) < Double.MIN_NORMAL;
    }

    /**
     * What SystemC produces for a conversion in one of the cast corners, written from SystemC's rules
     * ({@code scfx_rep::overflow}) rather than from this module's code.
     */
    static BigInteger systemcCast(BigInteger raw, FixedType from, FixedType to) {
        SystemcDifference corner = ofCast(raw, from, to);
        if (corner == null) {
            throw new IllegalArgumentException("not a documented corner: " + from + " raw " + raw + " -> " + to);
        }
        BigInteger q = quantized(raw, from, to);
        int w = to.width();
        BigInteger pattern = q.and(mask(w));
        switch (corner) {
            case UNSIGNED_WRAP_SAT_BITS_UNDERFLOW: {
                int n = Math.min(to.satBits(), w);
                return pattern.andNot(mask(n).shiftLeft(w - n));
            }
            case SAT_SYM_ONE_BIT_NEGATIVE:
                return BigInteger.ZERO;
            case WRAP_SM_BIT_ABOVE_MSB: {
                // SystemC reads the bit above the MSB from the quantized value itself.
                boolean above = q.testBit(w);
                if (above != pattern.testBit(w - 1)) {
                    pattern = pattern.xor(mask(w));
                    pattern = above ? pattern.setBit(w - 1) : pattern.clearBit(w - 1);
                }
                return pattern.testBit(w - 1) ? pattern.subtract(BigInteger.ONE.shiftLeft(w)) : pattern;
            }
            default:
                throw new IllegalStateException(corner.toString());
        }
    }

    /**
     * The source value quantized with the destination's LSB and quantization mode, before any overflow handling:
     * an integer in units of the destination LSB. Quantization itself agrees between SystemC and ap_fixed (the
     * differential tests check it), so the exact path computes it through a type too wide to overflow.
     */
    static BigInteger quantized(BigInteger raw, FixedType from, FixedType to) {
        int f = to.fracBits();
        int i = Math.max(from.intBits() + 2, 2 - f);
        FixedType wide = new FixedType(true, i + f, i, to.quant(), OverflowMode.AP_WRAP, 0);
        return WideFx.cast(raw, from, wide);
    }

    /** The source bit ap_fixed's AP_WRAP_SM (N = 0) reads: the one just above the destination MSB, 0 outside. */
    static boolean apBitAboveMsb(BigInteger raw, FixedType from, FixedType to) {
        int pos = from.fracBits() - to.fracBits() + to.width();
        return pos >= 0 && pos < from.width() && raw.testBit(pos);
    }

    private static BigInteger mask(int bits) {
        return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    }
}
