package org.dsodenet.fixedpoint.systemc;

import java.math.BigInteger;
import org.dsodenet.fixedpoint.FixedType;

/**
 * How the magnitude of a fixed-point value meets the double grid: the bits a double keeps, the first dropped bit,
 * whether any lower bit is set, and whether the value is in the normal range. Both to_double rules (round to
 * nearest even, and SystemC's) are decided from these facts.
 *
 * @param kept         the magnitude cut to the grid, in units of 2^gridExponent
 * @param gridExponent the exponent of the double's last place at this magnitude (-1074 below the normal range)
 * @param half         the first dropped bit
 * @param sticky       any dropped bit below it
 * @param normal       the magnitude is at least 2^-1022
 */
record DoubleRounding(BigInteger kept, int gridExponent, boolean half, boolean sticky, boolean normal) {
    private static final int MIN_NORMAL_EXPONENT = -1022;
    private static final int MIN_SUBNORMAL_EXPONENT = -1074;
    private static final int SIGNIFICAND_BITS = 53;

    /** The rounding facts, or null when a double holds the value exactly (or it is zero). */
    static DoubleRounding of(BigInteger raw, FixedType t) {
        BigInteger m = raw.abs();
        if (m.signum() == 0) {
            return null;
        }
        int e = t.lsbExponent();
        int top = e + m.bitLength() - 1;
        int grid = Math.max(top - (SIGNIFICAND_BITS - 1), MIN_SUBNORMAL_EXPONENT);
        int dropped = grid - e;
        if (dropped <= 0) {
            return null;
        }
        boolean half = m.testBit(dropped - 1);
        boolean sticky = m.getLowestSetBit() < dropped - 1;
        return new DoubleRounding(m.shiftRight(dropped), grid, half, sticky, top >= MIN_NORMAL_EXPONENT);
    }

    boolean keptOdd() {
        return kept.testBit(0);
    }

    /** The value rounded to the nearest double, ties to even: an independent statement of the to_double rule. */
    static double nearest(BigInteger raw, FixedType t) {
        DoubleRounding r = of(raw, t);
        if (r == null) {
            return Math.scalb(raw.doubleValue(), t.lsbExponent()); // exact: at most 53 significant bits on the grid
        }
        BigInteger kept = r.nearestRoundsUp() ? r.kept().add(BigInteger.ONE) : r.kept();
        double magnitude = Math.scalb(kept.doubleValue(), r.gridExponent());
        return raw.signum() < 0 ? -magnitude : magnitude;
    }

    /** Round to nearest, ties to even, increments the kept magnitude. */
    boolean nearestRoundsUp() {
        return half && (sticky || keptOdd());
    }
}
