package org.dsodenet.ops.fixed.kernel;

import java.math.BigInteger;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.WideFx;

/**
 * Which output channels of a multiply-accumulate layer need no per-step checks: no partial sum can leave the
 * accumulator's range and no step drops bits. With an accumulator that keeps every bit of the sum, a step
 * adds the product {@code p}; with an AP_TRN accumulator dropping {@code d} bits it adds {@code floor(p / 2^d)}
 * (the sum's low bits are the product's, so the dropped bits are {@code p}'s). Each increment lies between the
 * increments of the products at the ends of the input range, and 0 lies between those; so when the bias plus
 * the negative (positive) extremes of all increments stays inside the accumulator's no-overflow window, no
 * partial sum over any subset of taps can leave it, and every assignment is the plain (truncating) add.
 *
 * <p>Such a channel runs on ints ({@code narrow}) when the same bounds show every input, weight, product and
 * partial sum fits an int. Dropping bits, the int sum is the accumulator itself (bias included, aligned weights).
 * Keeping every bit, the accumulator is {@code bias + Σ x·(w << s)} = {@code bias + (Σ x·w) << s} with s the
 * weights' alignment shift, so the int sum is {@code Σ x·w} on the unaligned weights, s bits narrower, and the
 * bias and shift are applied once per output.
 *
 * <p>A channel that is not narrow runs on doubles ({@code doubles}) when it keeps every bit and the same bounds
 * show every input, weight, product and partial sum of {@code Σ x·w} within 2^53: doubles hold those integers
 * exactly, so the double sum is the int sum's wider twin.
 *
 * <p>The count-free forward needs no dropped-bit counts, so it runs every channel that keeps every bit on floats
 * ({@code floats}) when the same bounds are within 2^24, else on doubles ({@code reals}) within 2^53, in any
 * order of the additions (see {@link FloatTaps}).
 *
 * <p>Planning runs once per forward built, and a QAT step builds one per step, so the analysis runs on longs when
 * the layer's magnitudes prove that no product, increment or bound sum can pass 2^63 ({@link #fitsLongs}); only past
 * that on BigIntegers. Both give the same proofs, channel for channel: the long one is the BigInteger one with every
 * intermediate known to be representable.
 */
final class ChannelAnalysis {
    private ChannelAnalysis() {}

    /**
     * The proofs for a layer on the fast path: {@code wRaw} its weight raws of type {@code wType}, {@code wAligned}
     * those aligned to the sum's LSB ({@link AccStep#alignTerm}), {@code bias} the bias raws in the accumulator type
     * (null without), {@code outs} channels of {@code per} weights each.
     */
    static ChannelProofs of(AccStep step, long[] wRaw, FixedType wType, long[] wAligned, long[] bias, FixedType in,
                            int outs, int per) {
        if (fitsLongs(step, wRaw, wAligned, bias, in, per)) {
            return longs(step, wRaw, wAligned, bias, in.minRaw(), in.maxRaw(), outs, per);
        }
        BigInteger[] raw = new BigInteger[wRaw.length];
        BigInteger[] aligned = new BigInteger[wRaw.length];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = Fx.toBig(wRaw[i], wType);
            aligned[i] = step.alignTerm(raw[i]);
        }
        BigInteger[] b = null;
        if (bias != null) {
            b = new BigInteger[bias.length];
            for (int o = 0; o < b.length; o++) {
                b[o] = BigInteger.valueOf(bias[o]);
            }
        }
        return bigs(step, raw, aligned, b, WideFx.minRaw(in), WideFx.maxRaw(in), outs, per);
    }

    /**
     * Whether {@link #longs} computes every value exactly: each aligned weight is its raw shifted without overflow,
     * every product is below 2^m in magnitude and the bias below 2^m too, and a sum of {@code per + 1} such terms
     * stays below 2^63 when m plus the bits of {@code per + 1} is at most 63. The unaligned weights are no larger
     * than the aligned ones, so their products and sums are bounded alike.
     */
    static boolean fitsLongs(AccStep step, long[] wRaw, long[] wAligned, long[] bias, FixedType in, int per) {
        if (!in.fitsLong()) {
            return false;
        }
        int wBits = 0;
        for (int i = 0; i < wRaw.length; i++) {
            if (wAligned[i] >> step.termShift != wRaw[i]) {
                return false;
            }
            wBits = Math.max(wBits, magnitudeBits(wAligned[i]));
        }
        int m = wBits + Math.max(magnitudeBits(in.minRaw()), magnitudeBits(in.maxRaw()));
        if (bias != null) {
            for (long b : bias) {
                m = Math.max(m, magnitudeBits(b));
            }
        }
        return m + (64 - Long.numberOfLeadingZeros(per + 1L)) <= 63;
    }

    /** An upper bound on the bit length of |v| (exact for v ≥ 0, at most one more for v < 0). */
    static int magnitudeBits(long v) {
        return v >= 0 ? 64 - Long.numberOfLeadingZeros(v) : 65 - Long.numberOfLeadingZeros(~v);
    }

    /** The analysis on longs; exact only when {@link #fitsLongs}. */
    static ChannelProofs longs(AccStep step, long[] wRaw, long[] wAligned, long[] bias, long xMin, long xMax,
                               int outs, int per) {
        ChannelProofs p = ChannelProofs.none(outs);
        if (step.lo > step.hi) { // the step always needs the caster
            return p;
        }
        int d = step.accShift;
        boolean intInputs = d <= 30 && isInt(xMin) && isInt(xMax);
        boolean doubleInputs = d == 0 && isDouble(xMin) && isDouble(xMax);
        boolean floatInputs = d == 0 && isFloat(xMin) && isFloat(xMax);
        long[] wInt = d == 0 ? wRaw : wAligned;
        for (int o = 0; o < outs; o++) {
            long down = bias == null ? 0 : bias[o];
            long up = down;
            long intDown = d == 0 ? 0 : down;
            long intUp = intDown;
            boolean intTerms = intInputs;
            boolean doubleTerms = doubleInputs;
            boolean floatTerms = floatInputs;
            for (int i = o * per; i < (o + 1) * per; i++) {
                long a = wAligned[i] * xMin >> d; // >> is floor
                long b = wAligned[i] * xMax >> d;
                long aLo = Math.min(Math.min(a, b), 0);
                long aHi = Math.max(Math.max(a, b), 0);
                down += aLo;
                up += aHi;
                long qMin = wInt[i] * xMin;
                long qMax = wInt[i] * xMax;
                intTerms &= isInt(wInt[i]) && isInt(qMin) && isInt(qMax);
                doubleTerms &= isDouble(wInt[i]) && isDouble(qMin) && isDouble(qMax);
                floatTerms &= isFloat(wInt[i]) && isFloat(qMin) && isFloat(qMax);
                intDown += d == 0 ? Math.min(Math.min(qMin, qMax), 0) : aLo;
                intUp += d == 0 ? Math.max(Math.max(qMin, qMax), 0) : aHi;
            }
            boolean exact = down >= step.lo && up <= step.hi;
            p.exact()[o] = exact;
            p.narrow()[o] = exact && intTerms && isInt(intDown) && isInt(intUp);
            boolean wide = !(doubleTerms && isDouble(intDown) && isDouble(intUp));
            p.doubles()[o] = exact && !p.narrow()[o] && !wide;
            p.floats()[o] = exact && floatTerms && isFloat(intDown) && isFloat(intUp);
            p.reals()[o] = exact && !p.floats()[o] && !wide;
            if (p.floats()[o] || p.reals()[o]) {
                p.sumLo()[o] = intDown;
                p.sumHi()[o] = intUp;
            }
        }
        return p;
    }

    /** The analysis on BigIntegers, for any magnitudes. */
    static ChannelProofs bigs(AccStep step, BigInteger[] wRaw, BigInteger[] wAligned, BigInteger[] bias,
                              BigInteger xMin, BigInteger xMax, int outs, int per) {
        ChannelProofs p = ChannelProofs.none(outs);
        if (step.lo > step.hi) { // the step always needs the caster
            return p;
        }
        int d = step.accShift;
        BigInteger lo = BigInteger.valueOf(step.lo);
        BigInteger hi = BigInteger.valueOf(step.hi);
        boolean intInputs = d <= 30 && isInt(xMin) && isInt(xMax);
        boolean doubleInputs = d == 0 && isDouble(xMin) && isDouble(xMax);
        boolean floatInputs = d == 0 && isFloat(xMin) && isFloat(xMax);
        BigInteger[] wInt = d == 0 ? wRaw : wAligned;
        for (int o = 0; o < outs; o++) {
            BigInteger down = bias == null ? BigInteger.ZERO : bias[o];
            BigInteger up = down;
            BigInteger intDown = d == 0 ? BigInteger.ZERO : down;
            BigInteger intUp = intDown;
            boolean intTerms = intInputs;
            boolean doubleTerms = doubleInputs;
            boolean floatTerms = floatInputs;
            for (int i = o * per; i < (o + 1) * per; i++) {
                BigInteger pMin = wAligned[i].multiply(xMin);
                BigInteger pMax = wAligned[i].multiply(xMax);
                BigInteger a = pMin.shiftRight(d); // shiftRight is floor
                BigInteger b = pMax.shiftRight(d);
                down = down.add(a.min(b).min(BigInteger.ZERO));
                up = up.add(a.max(b).max(BigInteger.ZERO));
                // Products are linear in x, so the ends of the input range bound every product.
                BigInteger qMin = wInt[i].multiply(xMin);
                BigInteger qMax = wInt[i].multiply(xMax);
                intTerms &= isInt(wInt[i]) && isInt(qMin) && isInt(qMax);
                doubleTerms &= isDouble(wInt[i]) && isDouble(qMin) && isDouble(qMax);
                floatTerms &= isFloat(wInt[i]) && isFloat(qMin) && isFloat(qMax);
                intDown = intDown.add(d == 0 ? qMin.min(qMax).min(BigInteger.ZERO) : a.min(b).min(BigInteger.ZERO));
                intUp = intUp.add(d == 0 ? qMin.max(qMax).max(BigInteger.ZERO) : a.max(b).max(BigInteger.ZERO));
            }
            boolean exact = down.compareTo(lo) >= 0 && up.compareTo(hi) <= 0;
            p.exact()[o] = exact;
            // Every partial int sum lies in [intDown, intUp], so int bounds there make int sums exact.
            p.narrow()[o] = exact && intTerms && isInt(intDown) && isInt(intUp);
            boolean wide = !(doubleTerms && isDouble(intDown) && isDouble(intUp));
            p.doubles()[o] = exact && !p.narrow()[o] && !wide;
            p.floats()[o] = exact && floatTerms && isFloat(intDown) && isFloat(intUp);
            p.reals()[o] = exact && !p.floats()[o] && !wide;
            if (p.floats()[o] || p.reals()[o]) { // within 2^53, and bounds on Σ x·w itself (d = 0: no bias)
                p.sumLo()[o] = intDown.longValueExact();
                p.sumHi()[o] = intUp.longValueExact();
            }
        }
        return p;
    }

    private static boolean isInt(long v) {
        return v == (int) v;
    }

    /** Whether a float holds v, and every integer between 0 and v, exactly: |v| ≤ 2^24. */
    private static boolean isFloat(long v) {
        return v >= -(1L << 24) && v <= 1L << 24;
    }

    /** Whether a double holds v, and every integer between 0 and v, exactly: |v| ≤ 2^53. */
    private static boolean isDouble(long v) {
        return v >= -(1L << 53) && v <= 1L << 53;
    }

    private static boolean isInt(BigInteger v) {
        return v.bitLength() <= 31;
    }

    private static boolean isFloat(BigInteger v) {
        return v.abs().bitLength() <= 24 || v.abs().equals(BigInteger.ONE.shiftLeft(24));
    }

    private static boolean isDouble(BigInteger v) {
        return v.abs().bitLength() <= 53 || v.abs().equals(BigInteger.ONE.shiftLeft(53));
    }
}
