package org.dsodenet.ops.fixed.kernel;

import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;

/**
 * The output channels of a multiply-accumulate layer that the count-free forward runs on {@link IntTaps}, with their
 * weights aligned to the sum's LSB as ints (the others stay 0, never read), the accumulator's initial raw (the bias
 * in the accumulator type, or 0) and, per weight, where its tap reads the {@link TapLayout}.
 *
 * <p>A step of an accumulator that drops {@code d ≥ 0} bits by AP_TRN is {@code floor((acc·2^d + p) / 2^d) = acc +
 * floor(p / 2^d)} before overflow handling, {@code acc} being an integer. So:
 * <ul>
 *   <li>a channel whose planning proved that no partial sum overflows and that every input, weight, product and
 *   partial sum fits an int ({@code narrow}) is {@code init + Σ floor(p / 2^d)} exactly in ints, in any order;</li>
 *   <li>when the accumulator is W ≤ 32 - d bits wide, int arithmetic (exact modulo 2^32) and an arithmetic shift
 *   of a product known modulo 2^32 (which gives {@code floor(p / 2^d)} modulo 2^(32-d)) give that sum modulo 2^W,
 *   whatever the widths of the inputs and weights. A channel proven not to overflow ({@code exact}) ends inside
 *   the accumulator's W bits, so those low bits, sign- or zero-extended, are its value; and with an AP_WRAP
 *   accumulator (no saturated bits) wrapping commutes with addition, so every channel is that sum wrapped once.</li>
 * </ul>
 * Channels on float or double taps keep those (and the plane hand-offs they allow).
 */
record IntTapChannels(TapLayout layout, int[] offsets, boolean[] channels, int[] weights, int[] init, int shift,
                      int wrapShift, boolean unsigned) {

    /**
     * The plan, or null when no channel qualifies. {@code aligned} are the weights aligned to the sum's LSB,
     * {@code bias} the bias in the accumulator type (null without), {@code real} the channels on float or double taps.
     */
    static IntTapChannels of(TapLayout layout, boolean depthwise, int k, AccStep step, long[] aligned, long[] bias,
                             boolean[] exact, boolean[] narrow, boolean[] real) {
        int d = step.accShift;
        boolean modular = step.acc.width() + d <= 32 && (d == 0 || step.acc.quant() == QuantMode.AP_TRN);
        boolean wraps = modular && step.acc.overflow() == OverflowMode.AP_WRAP && step.acc.satBits() == 0;
        int cout = narrow.length;
        int per = aligned.length / cout;
        boolean[] channels = new boolean[cout];
        int[] weights = new int[aligned.length];
        int[] init = new int[cout];
        int[] offsets = new int[aligned.length];
        boolean any = false;
        for (int oc = 0; oc < cout; oc++) {
            channels[oc] = !real[oc] && (wraps || modular && exact[oc] || narrow[oc] && d > 0);
            any |= channels[oc];
            init[oc] = channels[oc] && bias != null ? (int) bias[oc] : 0;
            for (int t = 0; t < per; t++) {
                int i = oc * per + t;
                int ic = depthwise ? oc : t / (k * k);
                int tap = t % (k * k);
                offsets[i] = layout.offset(ic, tap / k, tap % k);
                weights[i] = channels[oc] ? (int) aligned[i] : 0; // modulo 2^32: exact where narrow proved it fits
            }
        }
        if (!any) {
            return null;
        }
        return new IntTapChannels(layout, offsets, channels, weights, init, d, modular ? 32 - step.acc.width() : 0,
                modular && !step.acc.signed());
    }

    /** The accumulator raw of an int sum: its low W bits, sign- or zero-extended, when W + d ≤ 32; else the sum. */
    long value(int s) {
        int v = s << wrapShift;
        return unsigned ? (v >>> wrapShift) & 0xFFFFFFFFL : v >> wrapShift;
    }
}
