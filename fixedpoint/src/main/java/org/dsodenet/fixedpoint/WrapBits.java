package org.dsodenet.fixedpoint;

import java.math.BigInteger;

/**
 * The bit-level results of AP_WRAP with saturation bits and of AP_WRAP_SM, applied to an out-of-range value after
 * it has been reduced modulo 2^W. These are defined on bit patterns, not on values, so they are written that way.
 */
final class WrapBits {
    private WrapBits() {}

    /**
     * @param wrapped the quantized value modulo 2^W, as an unsigned W-bit pattern
     * @param neg     whether the out-of-range value was negative (an underflow)
     * @param lD      the source bit just above the destination's MSB position (AP_WRAP_SM with N = 0 only)
     * @return the W-bit pattern (unsigned reading)
     */
    static BigInteger apply(BigInteger wrapped, int w, boolean signed, OverflowMode o, int n, boolean neg, boolean lD) {
        BigInteger v = wrapped;
        if (o == OverflowMode.AP_WRAP) {
            if (n == 0) {
                return v;
            }
            if (!signed) {
                return setRange(v, w - n, w - 1, true);
            }
            v = setBit(v, w - 1, neg);
            return n > 1 ? setRange(v, w - n, w - 2, !neg) : v;
        }
        // AP_WRAP_SM, signed only.
        boolean ro = v.testBit(w - 1);
        BigInteger all = WideFx.mask(w);
        if (n == 0) {
            if (lD != ro) {
                v = setBit(v.xor(all), w - 1, lD);
            }
            return v;
        }
        if (n == 1) {
            if (neg != ro) {
                v = v.xor(all);
            }
        } else {
            if (v.testBit(w - n) == neg) {
                v = v.xor(all);
            }
            v = setRange(v, w - n, w - 2, !neg);
        }
        return setBit(v, w - 1, neg);
    }

    private static BigInteger setBit(BigInteger v, int bit, boolean value) {
        return value ? v.setBit(bit) : v.clearBit(bit);
    }

    private static BigInteger setRange(BigInteger v, int lo, int hi, boolean ones) {
        if (hi < lo) {
            return v;
        }
        BigInteger m = WideFx.mask(hi - lo + 1).shiftLeft(lo);
        return ones ? v.or(m) : v.andNot(m);
    }
}
