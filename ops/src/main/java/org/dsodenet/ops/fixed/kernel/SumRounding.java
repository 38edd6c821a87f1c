package org.dsodenet.ops.fixed.kernel;

import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;

/**
 * The count-free output conversion of a channel's exact sums on float or double taps to long raws, for AP_TRN and
 * AP_RND outputs that saturate by a clamp, where {@link PlaneConversion} would take the sums to longs first (its real
 * paths need the whole accumulator type within 24 or 53 bits, or another mode).
 *
 * <p>The accumulator is {@code acc = b + S·2^s} (S the exact sum, b the bias in the accumulator's LSBs, s the
 * product's alignment), and the output drops {@code d ≥ s} bits: AP_TRN is {@code floor(acc / 2^d)} and AP_RND
 * {@code floor((acc + 2^(d-1)) / 2^d)}. With {@code r} that increment, {@code K = floor((b + r) / 2^s)} and
 * {@code e = d - s}, {@code acc + r = (S + K)·2^s + ρ} with {@code 0 ≤ ρ < 2^s}, and since S + K is an integer,
 * {@code floor((acc + r) / 2^d) = floor((S + K) / 2^e)}: one integer, the bias folded into K once per channel.
 * Planning bounds every S (the same interval bounds that proved the taps exact), so it knows |S + K|.
 *
 * <p>Then, with {@code z = S + K}: {@code t = z·2^-e + (2^-(e+1) - 1/2) = (2z - 2^e + 1) / 2^(e+1)} has an odd
 * numerator, so it is never a tie, and its nearest integer is {@code floor(z / 2^e)} (the fraction of {@code z / 2^e}
 * moves by less than a half). Every step is exact while {@code |z| + 2^(e-1) + 1 ≤ 2^(p-2)} (p = 24 for floats, 53
 * for doubles, {@code e < p}): z is an integer below 2^p, the scaling is by a power of two, t's numerator is below
 * 2^(p-1); and {@code (t + 1.5·2^(p-1)) - 1.5·2^(p-1)} rounds t (|t| ≤ 2^(p-2)) to its nearest integer. Without
 * dropped bits ({@code e = 0}) the value is z itself. The clamp to the output's range is then exact (bounds within
 * 2^(p-2): outputs up to 23 bits on floats, 52 on doubles), and the integer result is read off the bits of itself
 * plus 1.5·2^(p-1). Every loop but the last indexes one array with one expression, the shape C2 (JDK 17)
 * vectorizes.
 */
final class SumRounding {
    /** The bits of 1.5·2^23: {@code q + 1.5·2^23} has the bits {@code FLOAT_BIAS + q} for {@code |q| ≤ 2^22}. */
    static final int FLOAT_BIAS = 0x4B400000;
    /** The bits of 1.5·2^52, likewise for doubles and {@code |q| ≤ 2^51}. */
    static final long DOUBLE_BIAS = 0x4338000000000000L;
    private final boolean[] channels;
    private final long[] k;
    private final int e;
    private final long lo;
    private final long hi;

    private SumRounding(boolean[] channels, long[] k, int e, long lo, long hi) {
        this.channels = channels;
        this.k = k;
        this.e = e;
        this.lo = lo;
        this.hi = hi;
    }

    /**
     * The plan for a layer, or null when its types do not qualify. {@code bias} in the accumulator type (null
     * without), {@code shift} the products' alignment s; channel {@code oc} qualifies when it is one of
     * {@code real} (on float or double taps), {@code floats[oc]} says which, and every sum lies in
     * {@code [sumLo[oc], sumHi[oc]]}.
     */
    static SumRounding of(FixedType acc, FixedType out, int shift, long[] bias, boolean[] real, boolean[] floats,
                          long[] sumLo, long[] sumHi) {
        int d = acc.fracBits() - out.fracBits();
        int e = d - shift;
        boolean mode = d == 0 || out.quant() == QuantMode.AP_TRN || out.quant() == QuantMode.AP_RND;
        if (!mode || e < 0 || e > 52 || shift > 62 || d > 62 || out.width() > 53 || acc.width() > 62
                || !clamps(acc, out)) {
            return null;
        }
        long r = d > 0 && out.quant() == QuantMode.AP_RND ? 1L << (d - 1) : 0;
        int cout = real.length;
        boolean[] channels = new boolean[cout];
        long[] k = new long[cout];
        boolean any = false;
        for (int oc = 0; oc < cout; oc++) {
            long b = bias == null ? 0 : bias[oc];
            // |b| < 2^62 and r ≤ 2^61: b + r stays inside a long.
            k[oc] = Math.floorDiv(b + r, 1L << shift);
            int p = floats[oc] ? 24 : 53;
            long limit = (1L << (p - 2)) - (e == 0 ? 0 : (1L << (e - 1)) + 1);
            // K and the bounds are within 2^62, so neither sum can overflow. The bounds hold 0 (the empty sum), so
            // |K| ≤ limit too: K is exact in the taps' type. The results, within the output's range, must be within
            // 2^(p-2) (see apply's last loop).
            channels[oc] = real[oc] && (p == 53 ? out.width() <= 52 : out.width() <= 23)
                    && Math.abs(sumLo[oc] + k[oc]) <= limit && Math.abs(sumHi[oc] + k[oc]) <= limit;
            any |= channels[oc];
        }
        return any ? new SumRounding(channels, k, e, out.minRawKept(acc.signed()), out.maxRaw()) : null;
    }

    /** Whether the output's overflow is a clamp to {@code [minRawKept, maxRaw]} (as {@link PlaneConversion} has it). */
    private static boolean clamps(FixedType from, FixedType to) {
        OverflowMode o = to.overflow();
        return o == OverflowMode.AP_SAT
                || o == OverflowMode.AP_SAT_SYM && (!to.signed() || from.signed() && to.width() > 1);
    }

    int count() {
        int n = 0;
        for (boolean c : channels) {
            n += c ? 1 : 0;
        }
        return n;
    }

    boolean has(int oc) {
        return channels[oc];
    }

    /**
     * The output raws of channel oc from its sums, converted in place ({@code n} of them, rows {@code cols} wide),
     * into {@code y[y0 + oy·wo + ox]} for the {@code ho×wo} outputs.
     */
    void apply(float[] sums, int n, int oc, int cols, int ho, int wo, long[] y, int y0) {
        final float kk = k[oc];
        final float l = lo;
        final float h = hi;
        final float c = 0x1.8p23f;
        if (e == 0) {
            for (int i = 0; i < n; i++) {
                sums[i] = Math.min(h, Math.max(l, sums[i] + kk)) + c;
            }
        } else {
            final float p = Math.scalb(1f, -e);
            final float c0 = Math.scalb(1f, -(e + 1)) - 0.5f;
            for (int i = 0; i < n; i++) {
                sums[i] = Math.min(h, Math.max(l, (((sums[i] + kk) * p + c0) + c) - c)) + c;
            }
        }
        // Each sum is now q + 1.5·2^23 with |q| ≤ 2^22, a float whose bits are those of 1.5·2^23 plus q: reading q
        // off the bits is cheaper than the float-to-long cast (which C2 does not vectorize either).
        for (int oy = 0; oy < ho; oy++) {
            int s = oy * cols;
            int d = y0 + oy * wo;
            for (int ox = 0; ox < wo; ox++) {
                y[d + ox] = Float.floatToRawIntBits(sums[s + ox]) - FLOAT_BIAS;
            }
        }
    }

    /** {@link #apply(float[], int, int, int, int, int, long[], int)} on double sums. */
    void apply(double[] sums, int n, int oc, int cols, int ho, int wo, long[] y, int y0) {
        final double kk = k[oc];
        final double l = lo;
        final double h = hi;
        final double c = 0x1.8p52;
        if (e == 0) {
            for (int i = 0; i < n; i++) {
                sums[i] = Math.min(h, Math.max(l, sums[i] + kk)) + c;
            }
        } else {
            final double p = Math.scalb(1d, -e);
            final double c0 = Math.scalb(1d, -(e + 1)) - 0.5;
            for (int i = 0; i < n; i++) {
                sums[i] = Math.min(h, Math.max(l, (((sums[i] + kk) * p + c0) + c) - c)) + c;
            }
        }
        for (int oy = 0; oy < ho; oy++) { // q + 1.5·2^52 with |q| ≤ 2^51: q read off the bits, as for floats
            int s = oy * cols;
            int d = y0 + oy * wo;
            for (int ox = 0; ox < wo; ox++) {
                y[d + ox] = Double.doubleToRawLongBits(sums[s + ox]) - DOUBLE_BIAS;
            }
        }
    }
}
