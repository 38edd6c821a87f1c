package org.dsodenet.ops.fixed.kernel;

import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;

/**
 * The count-free output conversion of a real-tap channel's exact sum held as an int, in place: {@link SumRounding}'s
 * algebra on ints, for AP_TRN, AP_RND and AP_RND_CONV outputs that saturate by a clamp.
 *
 * <p>The accumulator keeps every bit: {@code acc = b + S·2^s} (S the exact sum, s the products' alignment). With
 * {@code K = floor(b / 2^s)} and {@code β = b - K·2^s} (so {@code 0 ≤ β < 2^s}), {@code acc = z·2^s + β} with
 * {@code z = S + K}, the int the caller sums (K is the sum's initial value). The output drops {@code d = s + e} bits
 * ({@code e ≥ 0}): the kept value is {@code floor(acc / 2^d) = z >> e}; the first dropped bit is z's bit
 * {@code e - 1} (β's bit {@code s - 1} when e = 0); the lower dropped bits are nonzero when z's bits below
 * {@code e - 1} or β's bits (β's bits below {@code s - 1} when e = 0) are. β is a constant per channel, so its part
 * of both is too. AP_RND adds the first dropped bit, AP_RND_CONV adds it when a lower one is set or the kept value is
 * odd (as {@link IntTapRounding} does), and the clamp to {@code [minRawKept, maxRaw]} is the saturation.
 *
 * <p>Without bias and alignment it is the conversion of a plane of raws ({@link #plane}), which may also add
 * {@code u = -e} fractional bits ({@code z << u}, exact within {@link #zLimit()}), and takes ReLU as the clamp's
 * lower bound raised to 0 (rounding is monotone and keeps 0).
 *
 * <p>The caller keeps {@code |z| ≤ }{@link #zLimit()}: then the kept value plus 1 stays within 2^30 and the clamp's
 * differences inside an int. Shifts, masks and adds on one int array: the loop shape C2 (JDK 17) vectorizes.
 */
final class IntSumRounding {
    private final QuantMode mode;
    private final int e;
    /** Per channel, K = floor(b / 2^s): the sums' initial value. */
    private final long[] k;
    /** Per channel, the first dropped bit when e = 0 (β's bit s - 1), else 0. */
    private final int[] first;
    /** Per channel, 1 when β's part of the lower dropped bits is nonzero. */
    private final int[] sticky;
    private final int lo;
    private final int hi;

    private IntSumRounding(QuantMode mode, int e, long[] k, int[] first, int[] sticky, int lo, int hi) {
        this.mode = mode;
        this.e = e;
        this.k = k;
        this.first = first;
        this.sticky = sticky;
        this.lo = lo;
        this.hi = hi;
    }

    /**
     * The plan from accumulator type {@code acc} to {@code out}, for products aligned by {@code shift} bits and the
     * bias in the accumulator type ({@code bias}, null without; {@code cout} channels); null when it does not qualify.
     */
    static IntSumRounding of(FixedType acc, FixedType out, int shift, long[] bias, int cout) {
        return of(acc, out, shift, bias, cout, false);
    }

    /**
     * The conversion of a plane of raws from {@code from} to {@code to} (ReLU's when {@code relu}), or null when it
     * does not qualify or a raw of {@code from} could pass {@link #zLimit()}.
     */
    static IntSumRounding plane(FixedType from, FixedType to, boolean relu) {
        IntSumRounding r = of(from, to, 0, null, 1, relu);
        long max = Math.max(-from.minRaw(), from.maxRaw());
        return r != null && from.width() <= 31 && max <= r.zLimit() ? r : null;
    }

    private static IntSumRounding of(FixedType acc, FixedType out, int shift, long[] bias, int cout, boolean relu) {
        int d = acc.fracBits() - out.fracBits();
        int e = d - shift;
        QuantMode q = d == 0 ? QuantMode.AP_TRN : out.quant();
        boolean mode = q == QuantMode.AP_TRN || q == QuantMode.AP_RND || q == QuantMode.AP_RND_CONV;
        OverflowMode o = out.overflow();
        boolean clamps = o == OverflowMode.AP_SAT
                || o == OverflowMode.AP_SAT_SYM && (!out.signed() || acc.signed() && out.width() > 1);
        if (!mode || !clamps || shift < 0 || shift > 62 || e < (shift == 0 ? -29 : 0) || e > 30
                || out.width() > 30 || acc.width() > 62) {
            return null;
        }
        long[] k = new long[cout];
        int[] first = new int[cout];
        int[] sticky = new int[cout];
        for (int oc = 0; oc < cout; oc++) {
            long b = bias == null ? 0 : bias[oc];
            k[oc] = Math.floorDiv(b, 1L << shift);
            long beta = b - (k[oc] << shift);
            if (e == 0) {
                first[oc] = shift == 0 ? 0 : (int) ((beta >>> (shift - 1)) & 1);
                sticky[oc] = shift <= 1 || (beta & ((1L << (shift - 1)) - 1)) == 0 ? 0 : 1;
            } else {
                sticky[oc] = beta == 0 ? 0 : 1;
            }
        }
        long lo = out.minRawKept(acc.signed());
        return new IntSumRounding(q, e, k, first, sticky, (int) (relu ? Math.max(0, lo) : lo), (int) out.maxRaw());
    }

    /** Channel oc's K, the sum's initial value. */
    long k(int oc) {
        return k[oc];
    }

    /**
     * The largest |z| the conversion takes: 2^31 - 1 when it drops bits of z, else what keeps {@code z << u} within
     * 2^30 - 1 (the clamp's room).
     */
    long zLimit() {
        return e > 0 ? Integer.MAX_VALUE : ((1L << 30) - 1) >> -e;
    }

    /**
     * A raw no larger than the output of any sum {@code z ≥ zLo} ({@code |zLo| ≤ 2^62}): the conversion is monotone
     * in z and its kept value {@code floor(z / 2^e)} (or {@code z·2^u}) only ever rounds up, then clamps.
     */
    long lowest(long zLo) {
        return Math.max(lo, Math.min(hi, kept(zLo)));
    }

    /** A raw no smaller than the output of any sum {@code z ≤ zHi}: the kept value rounds up by at most 1. */
    long highest(long zHi) {
        return Math.max(lo, Math.min(hi, kept(zHi) + 1));
    }

    /**
     * Whether every sum within {@code [zLo, zHi]} converts inside the clamp's bounds (its kept value, rounded up by at
     * most 1, never passes them): then the clamp changes no raw and may be left out.
     */
    boolean unclamped(long zLo, long zHi) {
        return !clampsBelow(zLo) && !clampsAbove(zHi);
    }

    /** Whether a sum as small as {@code zLo} may convert below the clamp's lower bound (its kept value under it). */
    boolean clampsBelow(long zLo) {
        return kept(zLo) < lo;
    }

    /** Whether a sum as large as {@code zHi} may convert above the clamp's upper bound (kept value, plus 1, over it). */
    boolean clampsAbove(long zHi) {
        return kept(zHi) + 1 > hi;
    }

    /** {@code floor(z / 2^e)}, or {@code z·2^u} with z first limited to ±2^33, past which the clamp decides alone. */
    private long kept(long z) {
        if (e >= 0) {
            return z >> e;
        }
        return Math.max(-(1L << 33), Math.min(1L << 33, z)) << -e;
    }

    /** The rounding mode ({@link ShiftRounding} rewrites it as a shift of offset sums). */
    QuantMode mode() {
        return mode;
    }

    /** Channel oc's first dropped bit when e = 0 (β's bit s - 1), else 0. */
    int first(int oc) {
        return first[oc];
    }

    /** Channel oc's sticky bit: 1 when β's part of the lower dropped bits is nonzero. */
    int sticky(int oc) {
        return sticky[oc];
    }

    /** The clamp's bounds, the smallest and largest raw out (the tests' edges). */
    int clampLo() {
        return lo;
    }

    int clampHi() {
        return hi;
    }

    /** The bits of z the conversion drops (negative: the bits it adds). */
    int dropped() {
        return e;
    }

    /**
     * The output raws of channel oc from its sums given as {@code z = 2^p·a + b} ({@code 1 ≤ p < }
     * {@link #dropped()}; see {@link IntSplit}), into b.
     */
    void applySplit(int[] a, int[] b, int n, int oc, int p) {
        applySplit(a, b, n, oc, p, true);
    }

    /**
     * {@link #applySplit(int[], int[], int, int, int)}, with the clamp only when {@code clamp} (see {@link #unclamped}).
     *
     * <p>Two passes: the first joins the halves into {@code v = a + (b >> p) = floor(z / 2^p)}, the second rounds v
     * as {@link #apply} rounds z, by {@code e - p} bits. AP_RND_CONV also needs to know whether b's low p bits are
     * nonzero; where v drops at least two bits, its bit 0 is neither kept nor the first dropped bit, only part of
     * the sticky bits, so ORing that flag into it hands it on. One loop doing all of it stays scalar on JDK 17 (its
     * body passes C2's unroll limit), the two each vectorize.
     */
    void applySplit(int[] a, int[] b, int n, int oc, int p, boolean clamp) {
        final int sh = e - p;
        final int pMask = (1 << p) - 1;
        if (mode == QuantMode.AP_RND_CONV && sh >= 2) {
            for (int i = 0; i < n; i++) {
                int low = b[i];
                b[i] = (a[i] + (low >> p)) | (((low & pMask) + pMask) >>> p);
            }
        } else if (mode != QuantMode.AP_RND_CONV) {
            for (int i = 0; i < n; i++) {
                b[i] = a[i] + (b[i] >> p);
            }
        } else {
            oneBitRndConv(a, b, n, oc, p);
            IntTapRounding.clamp(b, 0, n, lo, hi, clamp, clamp);
            return;
        }
        round(b, 0, n, oc, sh, clamp, clamp);
    }

    /** AP_RND_CONV of {@code z = 2^p·a + b} into b where {@code e - p = 1}: z's only dropped bit above b is the first. */
    private void oneBitRndConv(int[] a, int[] b, int n, int oc, int p) {
        final int pMask = (1 << p) - 1;
        final int st = sticky[oc];
        for (int i = 0; i < n; i++) {
            int v = a[i] + (b[i] >> p);
            int f = v >> 1;
            int r = (((b[i] & pMask) + pMask) >>> p) | st; // 1 when a lower dropped bit is set: in b, or in β
            b[i] = f + ((v & 1) & (r | (f & 1)));
        }
    }

    /** The output raws of channel oc from its sums z ({@code n} of them), in place. */
    void apply(int[] z, int n, int oc) {
        apply(z, 0, n, oc);
    }

    /** {@link #apply(int[], int, int)} on {@code z[from .. to)}. */
    void apply(int[] z, int from, int to, int oc) {
        apply(z, from, to, oc, true);
    }

    /** {@link #apply(int[], int, int, int)}, with the clamp only when {@code clamp} (see {@link #unclamped}). */
    void apply(int[] z, int from, int to, int oc, boolean clamp) {
        apply(z, from, to, oc, clamp, clamp);
    }

    /**
     * {@link #apply(int[], int, int, int)}, clamping at the lower bound only when {@code below} and at the upper only
     * when {@code above} (see {@link #clampsBelow}, {@link #clampsAbove}).
     */
    void apply(int[] z, int from, int to, int oc, boolean below, boolean above) {
        round(z, from, to, oc, e, below, above);
    }

    /** {@link #apply(int[], int, int, int, boolean, boolean)} dropping sh bits instead of e ({@link #applySplit}). */
    private void round(int[] z, int from, int to, int oc, int sh, boolean below, boolean above) {
        final int n = to;
        if (mode == QuantMode.AP_RND && sh > 0) {
            final int qb = sh - 1;
            for (int i = from; i < n; i++) {
                int v = z[i];
                z[i] = (v >> sh) + ((v >>> qb) & 1);
            }
        } else if (mode == QuantMode.AP_RND_CONV && sh > 0) {
            final int qb = sh - 1;
            final int rMask = sh <= 1 ? 0 : (1 << (sh - 1)) - 1;
            final int st = sticky[oc];
            for (int i = from; i < n; i++) {
                int v = z[i];
                int f = v >> sh;
                int r = (((v & rMask) + rMask) >>> qb) | st; // 1 when a lower dropped bit is set
                z[i] = f + (((v >>> qb) & 1) & (r | (f & 1)));
            }
        } else if (mode == QuantMode.AP_TRN && sh > 0) {
            for (int i = from; i < n; i++) {
                z[i] = z[i] >> sh;
            }
        } else if (mode == QuantMode.AP_RND && first[oc] == 1) { // e = 0: the dropped bits are β's alone
            for (int i = from; i < n; i++) {
                z[i] = z[i] + 1;
            }
        } else if (mode == QuantMode.AP_RND_CONV && first[oc] == 1) {
            if (sticky[oc] == 1) {
                for (int i = from; i < n; i++) {
                    z[i] = z[i] + 1;
                }
            } else {
                for (int i = from; i < n; i++) {
                    z[i] = z[i] + (z[i] & 1);
                }
            }
        } else if (sh < 0) {
            final int u = -sh;
            for (int i = from; i < n; i++) {
                z[i] = z[i] << u;
            }
        }
        IntTapRounding.clamp(z, from, n, lo, hi, below, above);
    }
}
