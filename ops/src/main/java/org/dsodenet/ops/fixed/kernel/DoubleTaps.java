package org.dsodenet.ops.fixed.kernel;

import java.util.Arrays;

/**
 * {@link FloatTaps} on {@code double}s, for channels whose sums are proven within 2^53 instead of 2^24 (16-bit
 * activations times 16-bit weights): the same exactness argument, at half the lanes.
 */
final class DoubleTaps {
    private DoubleTaps() {}

    /**
     * {@code acc[a] = Σ_t w[t]·xs[off[t] + a]} for a < n over the taps {@code t0 ≤ t < t1}.
     */
    static void sum(double[] xs, int[] off, double[] w, int t0, int t1, double[] acc, int n) {
        Arrays.fill(acc, 0, n, 0d);
        int t = t0;
        for (; t + 4 <= t1; t += 4) {
            double w0 = w[t];
            double w1 = w[t + 1];
            double w2 = w[t + 2];
            double w3 = w[t + 3];
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
            double w0 = w[t];
            int o0 = off[t];
            for (int a = 0; a < n; a++) {
                acc[a] = Math.fma(w0, xs[o0 + a], acc[a]);
            }
        }
    }
}
