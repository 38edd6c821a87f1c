package org.dsodenet.fixedpoint.systemc;

import java.math.BigInteger;
import org.dsodenet.fixedpoint.FixedType;

/**
 * A double as ap_fixed's double constructor sees it: a 54-bit signed fixed-point value holding the 53-bit
 * significand with its implicit one (also for subnormals, which it reads with exponent −1023). Converting the
 * double equals converting this value, so the cast corners apply to doubles through it.
 */
record XilinxDouble(BigInteger raw, FixedType type) {
    static XilinxDouble of(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("not a finite double: " + v);
        }
        long bits = Double.doubleToRawLongBits(v);
        if ((bits & Long.MAX_VALUE) == 0) {
            return new XilinxDouble(BigInteger.ZERO, FixedType.signed(54, 2));
        }
        int exp = (int) ((bits >>> 52) & 0x7ff) - 1023;
        long significand = (bits & ((1L << 52) - 1)) | (1L << 52);
        // value = significand * 2^(exp - 52) in a 54-bit word: I = exp + 2.
        return new XilinxDouble(BigInteger.valueOf(bits < 0 ? -significand : significand), FixedType.signed(54, exp + 2));
    }

    /** The double's true value as a 54-bit fixed-point value (what SystemC reads, subnormals included). */
    static XilinxDouble exact(double v) {
        if (!isSubnormalValue(v)) {
            return of(v);
        }
        long bits = Double.doubleToRawLongBits(v);
        long frac = bits & ((1L << 52) - 1);
        // value = frac * 2^-1074 in a 54-bit word: I = 54 - 1074.
        return new XilinxDouble(BigInteger.valueOf(bits < 0 ? -frac : frac), FixedType.signed(54, 54 - 1074));
    }

    private static boolean isSubnormalValue(double v) {
        return v != 0 && Math.abs(v) < Double.MIN_NORMAL;
    }
}
