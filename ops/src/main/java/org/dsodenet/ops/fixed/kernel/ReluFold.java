package org.dsodenet.ops.fixed.kernel;

import org.dsodenet.fixedpoint.QuantMode;

/**
 * A dense or pointwise int layer's output conversion by {@link ShiftRounding}'s shift with the ReLU that follows it
 * in one loop, so that the ReLU costs no pass of its own over the group's plane.
 *
 * <p>Why it is the same: the layer's raw is {@code v = clamp(q, loA, hiA)} with {@code q} the shifted offset sum
 * ({@code loA ≤ 0}), and a ReLU whose conversion adds {@code u ≥ 0} fractional bits gives
 * {@code clamp(v·2^u, 0, hiR)} ({@link IntSumRounding#plane} with the lower bound raised to 0). For {@code u ≥ 0} that
 * is {@code min(clamp(q, 0, hiA)·2^u, hiR)}, and clamping q at {@code c = min(hiA, floor(hiR / 2^u) + 1)} instead of
 * hiA changes nothing: past {@code floor(hiR / 2^u)} every q gives hiR either way. A ReLU that drops bits rounds
 * again, and one whose upper bound is no {@code 2^k - 1} with {@code k ≥ u} (a saturating type's largest raw is one)
 * does not fit {@link #capped}'s identity: neither is folded ({@link #of} is null).
 */
final class ReluFold {
    private final int e;
    private final int u;
    private final int c;
    private final int hi;
    /**
     * Whether the ReLU's upper bound can act ({@code c·2^u > hi}), and then the bit count k of {@code hi = 2^k - 1}
     * (a saturating type's largest raw), so that {@code min(t, hi) = t - (t >> k)} for {@code 0 ≤ t ≤ 2^k}.
     */
    private final boolean top;
    private final int k;
    /** Per channel, ShiftRounding's ties-to-even step (1) or none (0). */
    private final int[] parity;

    private ReluFold(int e, int u, int c, int hi, int[] parity) {
        this.e = e;
        this.u = u;
        this.c = c;
        this.hi = hi;
        this.parity = parity;
        this.top = ((long) c << u) > hi;
        this.k = 32 - Integer.numberOfLeadingZeros(hi);
    }

    /**
     * The fold of {@code relu} (a ReLU's plane conversion from the layer's output type) into the layer's conversion
     * {@code conv} of {@code channels} channels, or null where either does not allow it.
     */
    static ReluFold of(IntSumRounding conv, IntSumRounding relu, int channels) {
        int e = conv.dropped();
        int u = -relu.dropped();
        int hi = relu.clampHi();
        // hi = 2^k - 1 with u ≤ k keeps every shifted raw within 2^k (capped's identity)
        int k = 32 - Integer.numberOfLeadingZeros(hi);
        boolean bound = hi > 0 && (hi & (hi + 1)) == 0 && u <= k;
        if (e < 0 || u < 0 || !bound || relu.clampLo() != 0 || conv.clampLo() > 0) {
            return null;
        }
        int[] parity = new int[channels];
        for (int oc = 0; oc < channels; oc++) {
            // ShiftRounding.of's rule: ties to even by a parity step where a first dropped bit exists and β has no
            // sticky bit
            boolean half = e > 0 || conv.first(oc) == 1;
            parity[oc] = conv.mode() == QuantMode.AP_RND_CONV && half && conv.sticky(oc) == 0 ? 1 : 0;
        }
        long top = ((long) relu.clampHi() >> u) + 1;
        return new ReluFold(e, u, (int) Math.min(conv.clampHi(), top), relu.clampHi(), parity);
    }

    /**
     * The ReLU's raws of channel oc from n sums that started from K plus ShiftRounding's offset, in place: the
     * rounding and the clamp to {@code [0, c]} in one loop, the shift by u (and the ReLU's upper bound) in a second
     * over the same sums, still in L1. One loop with every step was measured scalar (C2 on JDK 17 vectorizes no loop
     * past its unroll limit: 0.14 ns a sum for the first loop alone, 0.85-1.0 with the shift added).
     */
    void finish(int[] z, int n, int oc) {
        clamped(z, n, e, parity[oc], c);
        if (top) {
            capped(z, n, u, k);
        } else if (u > 0) {
            shifted(z, n, u);
        }
    }

    /** {@code clamp((v + (bit e of v)·p) >> e, 0, c)}: ShiftRounding's rounding, clamped below at 0 (the ReLU). */
    private static void clamped(int[] z, int n, int e, int p, int c) {
        for (int i = 0; i < n; i++) {
            int v = z[i];
            int q = (v + ((v >> e) & p)) >> e;
            int below = -q; // > 0 when q < 0
            q += below & ~(below >> 31);
            int above = q - c; // > 0 when q > c
            z[i] = q - (above & ~(above >> 31));
        }
    }

    private static void shifted(int[] z, int n, int u) {
        for (int i = 0; i < n; i++) {
            z[i] = z[i] << u;
        }
    }

    /** {@code min(q·2^u, 2^k - 1)} for {@code 0 ≤ q·2^u ≤ 2^k} as {@code t - (t >> k)}. */
    private static void capped(int[] z, int n, int u, int k) {
        for (int i = 0; i < n; i++) {
            int t = z[i] << u;
            z[i] = t - (t >> k);
        }
    }
}
