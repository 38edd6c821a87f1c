package org.dsodenet.ops.conv;

/**
 * A {@link ChannelFinish} for exact float sums s: {@code v = ((b[c] + s·m) + 1.5·2^23) - 1.5·2^23} (nearest, ties to
 * even, for |b + s·m| ≤ 2^22), then v clamped to [lo, hi] as {@code ((|v - lo| - |v - hi|) + (lo + hi)) / 2}. The
 * bit-exact forward builds it where that is its output conversion (and says why there); this class only does the
 * arithmetic, so the depthwise kernel can run it in the loop of its last taps ({@link Rows#taps3Nearest}) instead of
 * storing the sums and reading them back.
 */
public final class NearestClamp implements ChannelFinish {
    /** The rounding constant: adding it leaves floats of spacing 1 where the sum lands. */
    static final float NEAREST = 0x1.8p23f;
    final float[] bias;
    final float m;
    final float lo;
    final float hi;

    /** Per-channel biases b (used, not copied), the scale m of the sums and the clamp's bounds. */
    public NearestClamp(float[] bias, float m, float lo, float hi) {
        this.bias = bias;
        this.m = m;
        this.lo = lo;
        this.hi = hi;
    }

    @Override
    public void apply(int channel, float[] row, int from, int to) {
        Rows.nearestClamp(row, from, to, bias[channel], m, lo, hi);
    }
}
