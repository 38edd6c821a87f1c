package org.dsodenet.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.dsodenet.fixedpoint.FixedType;

/**
 * The value of a raw pattern in decimal, for people. Exact while the decimal is short; a legal type such as
 * {@code ap_fixed<1024,-1048576>} has values with a million decimal digits, which take minutes to print, so beyond
 * {@link #EXACT_EXPONENT} the value is given as {@code raw * 2^e} (still exact) with a 15-digit approximation.
 */
final class FixedDecimal {
    /** Largest |LSB exponent| printed in full: a few thousand digits at most. */
    static final int EXACT_EXPONENT = 4096;
    private static final MathContext APPROX = new MathContext(15);

    private FixedDecimal() {}

    static String of(BigInteger raw, FixedType t) {
        int e = t.lsbExponent();
        if (raw.signum() == 0) {
            return "0";
        }
        if (Math.abs(e) <= EXACT_EXPONENT) {
            BigDecimal v = new BigDecimal(raw);
            return (e >= 0 ? v.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(e)))
                    : v.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-e))).stripTrailingZeros()).toPlainString();
        }
        return raw + " * 2^" + e + " ~ " + approximate(raw, e);
    }

    /** raw × 2^e to 15 significant digits; pow with a MathContext costs O(log |e|) multiplications, not O(|e|). */
    private static String approximate(BigInteger raw, int e) {
        MathContext work = new MathContext(40);
        BigDecimal two = BigDecimal.valueOf(2);
        BigDecimal p = e >= 0 ? two.pow(e, work) : BigDecimal.ONE.divide(two.pow(-e, work), work);
        return new BigDecimal(raw).multiply(p, work).round(APPROX).toString();
    }
}
