package org.dsodenet.fixedpoint.systemc;

import java.math.BigInteger;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.oracle.RawHex;

/** Request lines of the scfx_driver protocol (described at the top of {@code scfx_driver.cpp}). */
final class ScfxRequests {
    private ScfxRequests() {}

    /** A type as six tokens: signed W I Q O N, with the ap_q_mode / ap_o_mode indices. */
    static String type(FixedType t) {
        return (t.signed() ? "1 " : "0 ") + t.width() + " " + t.intBits() + " " + t.quant().ordinal() + " "
                + t.overflow().ordinal() + " " + t.satBits();
    }

    static String raw(BigInteger raw, FixedType t) {
        return RawHex.format(raw, t);
    }

    static String cast(BigInteger raw, FixedType from, FixedType to) {
        return "cast " + type(from) + " " + raw(raw, from) + " " + type(to);
    }

    static String fromDouble(double v, FixedType to) {
        return "dbl " + Long.toHexString(Double.doubleToRawLongBits(v)) + " " + type(to);
    }

    /** {@code op} is add, sub or mul; {@code result} is ap_fixed's full-precision result type. */
    static String arithmetic(String op, BigInteger ra, FixedType a, BigInteger rb, FixedType b, FixedType result,
                             FixedType to) {
        return op + " " + type(a) + " " + raw(ra, a) + " " + type(b) + " " + raw(rb, b) + " " + type(result) + " "
                + type(to);
    }

    /** {@code op} is shl or shr. */
    static String shift(String op, BigInteger raw, FixedType t, int n, FixedType to) {
        return op + " " + type(t) + " " + raw(raw, t) + " " + n + " " + type(to);
    }

    static String toDouble(BigInteger raw, FixedType t) {
        return "todouble " + type(t) + " " + raw(raw, t);
    }

    /** Reads a raw answer token (a W-bit pattern) as the raw value of {@code t}. */
    static BigInteger parseRaw(String hex, FixedType t) {
        return RawHex.parse(hex, t);
    }
}
