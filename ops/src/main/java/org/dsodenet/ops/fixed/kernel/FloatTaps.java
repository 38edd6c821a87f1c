package org.dsodenet.ops.fixed.kernel;

import java.util.Arrays;

/**
 * The multiply-accumulate of one output channel on {@code float}s, for channels whose planning proved that every
 * input raw, weight, product and partial sum of {@code Σ x·w} is an integer of magnitude at most 2^24, and that the
 * accumulator keeps every bit and never overflows. Floats hold every such integer exactly, so every product and
 * every sum of any subset of the products is exact: the order of the additions, and whether they are fused, cannot
 * change the result, and the sum equals the long path's. Float lanes are twice as many as int or double lanes, and
 * float multiply-adds are C2's fastest vector loop.
 *
 * <p>Taps read a {@link TapLayout}; four taps share one pass over the accumulator plane (one store per four
 * multiply-adds).
 */
final class FloatTaps {
    private FloatTaps() {}

    /**
     * {@code acc[a] = Σ_t w[t]·xs[off[t] + a]} for a < n over the taps {@code t0 ≤ t < t1}.
     */
    static void sum(float[] xs, int[] off, float[] w, int t0, int t1, float[] acc, int n) {
        Arrays.fill(acc, 0, n, 0f);
        int t = t0;
        for (; t + 4 <= t1; t += 4) {
            float w0 = w[t];
            float w1 = w[t + 1];
            float w2 = w[t + 2];
            float w3 = w[t + 3];
            int o0 = off[t];
            int o1 = off[t + 1];
            int o2 = off[t + 2];
            int o3 = off[t + 3];
            for (int a = 0; a < n; a++) {
                acc[a] = Math.fma(w3, xs[o3 + a], Math.fma(w2, xs[o2 + a],
                        Math.fma(w1, xs[o1 + a], Math.fma(w0, xs[o0 + a], acc[a]))));
            }
        }
        for (; t < t1; t++) {
            float w0 = w[t];
            int o0 = off[t];
            for (int a = 0; a < n; a++) {
                acc[a] = Math.fma(w0, xs[o0 + a], acc[a]);
            }
        }
    }
}
