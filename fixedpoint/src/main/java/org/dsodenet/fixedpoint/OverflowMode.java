package org.dsodenet.fixedpoint;

/**
 * Overflow modes of Vitis HLS {@code ap_o_mode}, in the same order (the ordinal is the index in the enum), applied
 * after quantization when the value does not fit the destination.
 */
public enum OverflowMode {
    /** Saturate to the minimum or maximum. */
    AP_SAT,
    /** Set to zero on overflow. */
    AP_SAT_ZERO,
    /** Saturate symmetrically: the signed range becomes [-max, max]. */
    AP_SAT_SYM,
    /** Wrap around (the default), with N saturated most significant bits when N > 0. */
    AP_WRAP,
    /** Sign-magnitude wrap, with N saturated most significant bits when N > 0 (signed types only). */
    AP_WRAP_SM;

    private static final OverflowMode[] VALUES = values();

    /**
     * The AP_SAT_SYM quirk: Xilinx treats the exact minimum of a signed source, landing on a signed destination's
     * minimum, as an underflow of the symmetric range (so it becomes -max). The one place this is decided.
     */
    public boolean minIsUnderflow(boolean dstSigned, boolean srcSigned) {
        return this == AP_SAT_SYM && dstSigned && srcSigned;
    }

    /** The mode with the given {@code ap_o_mode} index. */
    public static OverflowMode fromIndex(int index) {
        if (index < 0 || index >= VALUES.length) {
            throw new IllegalArgumentException("overflow mode index " + index + " is not in 0.." + (VALUES.length - 1));
        }
        return VALUES[index];
    }
}
