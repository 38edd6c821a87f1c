package org.dsodenet.fixedpoint.systemc;

/**
 * The documented corners where SystemC's {@code sc_fixed} gives a different result from {@code ap_fixed} (and so from
 * this module). Each is described, with examples and counts, in {@code fixedpoint/SYSTEMC.md}; where they differ,
 * ap_fixed is the reference (the golden vectors come from Xilinx's own implementation).
 */
enum SystemcDifference {
    /**
     * {@code ap_ufixed} with AP_WRAP and N ≥ 1 saturation bits, quantized value negative: ap_fixed sets the N most
     * significant bits to 1 (as for an overflow), SystemC clears them (saturating toward its minimum, 0).
     */
    UNSIGNED_WRAP_SAT_BITS_UNDERFLOW,
    /**
     * {@code ap_fixed<1,I,Q,AP_SAT_SYM>}, quantized value negative (below or equal to the minimum): ap_fixed writes
     * its "−max" pattern {@code 1}, which for one bit is the minimum itself; SystemC writes −max = 0.
     */
    SAT_SYM_ONE_BIT_NEGATIVE,
    /**
     * AP_WRAP_SM with N = 0 on overflow, when the bit just above the destination MSB differs between the source word
     * (what ap_fixed reads: before rounding, 0 outside the source word) and the quantized value (what SystemC reads:
     * after rounding, sign-extended): one inverts the wrapped bits and the other does not.
     */
    WRAP_SM_BIT_ABOVE_MSB,
    /**
     * A subnormal double into a type whose LSB is below 2^-1021: ap_fixed reads subnormals with an implicit leading
     * one and exponent −1023, SystemC reads their true value. Coarser types cannot tell the two readings apart.
     */
    SUBNORMAL_DOUBLE,
    /**
     * to_double of a value exactly halfway between two doubles whose even neighbour is the one nearer zero:
     * ap_fixed rounds ties to even, SystemC rounds them away from zero (it adds one unit in the last place whenever
     * the first dropped bit is set).
     */
    TO_DOUBLE_TIE,
    /**
     * to_double of a value below the normal double range (under 2^-1022) that a double cannot hold exactly, when
     * rounding to nearest goes away from zero: SystemC truncates toward zero there (and flushes values under 2^-1074
     * to +0). This module rounds to nearest even; Xilinx's own to_double is wrong in this range (SEMANTICS.md).
     */
    TO_DOUBLE_BELOW_NORMAL
}
