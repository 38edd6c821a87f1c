package org.dsodenet.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Number formats used in tables and charts, locale-independent so reports are the same on every machine. */
final class Fmt {
    static final String NA = "\u2013";

    private Fmt() {}

    /** An integer with thousands separators: 1,234,567. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A fraction as a percentage with the given decimals: 0.9731 -> "97.31%". */
    static String percent(double fraction, int decimals) {
        if (Double.isNaN(fraction)) {
            return NA;
        }
        return String.format(Locale.ROOT, "%." + decimals + "f%%", fraction * 100);
    }

    /**
     * Three significant digits, plain for moderate magnitudes and {@code 1.23e-5} style otherwise; for errors and
     * other measured values whose scale is not known in advance.
     */
    static String sig(double v) {
        if (Double.isNaN(v)) {
            return NA;
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "\u221E" : "-\u221E";
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(3));
        int exp = d.precision() - d.scale() - 1;
        if (exp >= -3 && exp < 6) {
            return d.stripTrailingZeros().toPlainString();
        }
        return scientific(d);
    }

    /** {@code d} as mantissa and power of ten, e.g. 0.000025 -> "2.5e-5". */
    static String scientific(BigDecimal d) {
        if (d.signum() == 0) {
            return "0";
        }
        int exp = d.precision() - d.scale() - 1;
        return d.movePointLeft(exp).stripTrailingZeros().toPlainString() + "e" + exp;
    }
}
