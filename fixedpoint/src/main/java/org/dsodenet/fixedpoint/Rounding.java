package org.dsodenet.fixedpoint;

/** The quantization decision shared by the exact and the fast path. */
final class Rounding {
    private Rounding() {}

    /**
     * Whether to add one LSB to the value truncated toward minus infinity.
     *
     * @param qb       the first dropped bit (worth half an LSB of the destination)
     * @param r        whether any bit below {@code qb} is set
     * @param negative whether the source value is negative
     * @param lsbOdd   whether the truncated value is odd (for round-to-even)
     */
    static boolean increment(QuantMode mode, boolean qb, boolean r, boolean negative, boolean lsbOdd) {
        switch (mode) {
            case AP_RND:
                return qb;
            case AP_RND_ZERO:
                return qb && (negative || r);
            case AP_RND_MIN_INF:
                return qb && r;
            case AP_RND_INF:
                return qb && (!negative || r);
            case AP_RND_CONV:
                return qb && (lsbOdd || r);
            case AP_TRN_ZERO:
                return negative && (qb || r);
            case AP_TRN:
            default:
                return false;
        }
    }
}
