package org.dsodenet.fixedpoint;

/**
 * Quantization modes of Vitis HLS {@code ap_q_mode}, in the same order (the ordinal is the index in the enum), applied
 * when a conversion drops fractional bits.
 */
public enum QuantMode {
    /** Round to nearest, ties toward plus infinity. */
    AP_RND,
    /** Round to nearest, ties toward zero. */
    AP_RND_ZERO,
    /** Round to nearest, ties toward minus infinity. */
    AP_RND_MIN_INF,
    /** Round to nearest, ties away from zero. */
    AP_RND_INF,
    /** Round to nearest, ties to even (convergent). */
    AP_RND_CONV,
    /** Truncate toward minus infinity (the default). */
    AP_TRN,
    /** Truncate toward zero. */
    AP_TRN_ZERO;

    private static final QuantMode[] VALUES = values();

    /** The mode with the given {@code ap_q_mode} index. */
    public static QuantMode fromIndex(int index) {
        if (index < 0 || index >= VALUES.length) {
            throw new IllegalArgumentException("quantization mode index " + index + " is not in 0.." + (VALUES.length - 1));
        }
        return VALUES[index];
    }

    /** True for the five round-to-nearest modes. */
    public boolean rounds() {
        return this != AP_TRN && this != AP_TRN_ZERO;
    }
}
