package org.dsodenet.fixedpoint.oracle;

import java.math.BigInteger;
import org.dsodenet.fixedpoint.FixedType;

/** The golden files' raw spelling: the W-bit pattern in lower-case hex without leading zeros. */
public final class RawHex {
    private RawHex() {}

    /** Reads a W-bit pattern and returns the raw value (signed reading for signed types). */
    public static BigInteger parse(String hex, FixedType type) {
        if (hex.isEmpty()) {
            throw new IllegalArgumentException("raw '' is empty: give the bit pattern in hexadecimal");
        }
        if (hex.length() > (type.width() + 3) / 4 + 1) {
            throw new IllegalArgumentException("raw '" + hex + "' does not fit " + type);
        }
        BigInteger pattern;
        try {
            pattern = new BigInteger(hex, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("raw '" + hex + "' is not hexadecimal");
        }
        if (pattern.signum() < 0 || pattern.bitLength() > type.width()) {
            throw new IllegalArgumentException("raw '" + hex + "' does not fit " + type.width() + " bits of " + type);
        }
        if (type.signed() && pattern.testBit(type.width() - 1)) {
            return pattern.subtract(BigInteger.ONE.shiftLeft(type.width()));
        }
        return pattern;
    }

    /** Prints a raw value as its W-bit pattern. */
    public static String format(BigInteger raw, FixedType type) {
        BigInteger mask = BigInteger.ONE.shiftLeft(type.width()).subtract(BigInteger.ONE);
        return raw.and(mask).toString(16);
    }

    /** Prints a raw value as its W-bit pattern; {@code raw} is a sign- or zero-extended long. */
    public static String format(long raw, FixedType type) {
        return format(BigInteger.valueOf(raw), type);
    }
}
