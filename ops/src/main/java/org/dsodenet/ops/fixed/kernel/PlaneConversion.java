package org.dsodenet.ops.fixed.kernel;

import org.dsodenet.fixedpoint.Caster;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.ops.conv.ChannelFinish;
import org.dsodenet.ops.conv.NearestClamp;

/**
 * A conversion of whole planes for the count-free forward: the same raws as {@link Caster}, in two passes chosen once
 * per type pair, each a loop without mode tests inside, so C2 can vectorize them. No counts: a plane that saturates
 * costs the same as one that does not (the counting {@link Conversion} redoes such a plane element by element).
 *
 * <p>The first pass computes the exact quantized value {@code q}: {@code floor(v / 2^d) + inc} when dropping
 * {@code d} bits (the rounding increment of {@link Conversion}, one loop per common mode), {@code v << u} when adding
 * {@code u} bits (planned only when the shift cannot leave a long, so {@code q} is exact). The second pass handles
 * overflow on {@code q}, which is how ap_fixed defines it (quantize, then check the range): AP_SAT is a clamp to the
 * range, AP_SAT_SYM the clamp to {@code [-max, max]} where it treats the minimum as an underflow, AP_SAT_ZERO a select,
 * AP_WRAP without saturation bits keeps the low W bits. Other pairs (AP_WRAP_SM, saturation bits,
 * AP_SAT_SYM's other corners) and types past 62 bits use the caster per element.
 */
final class PlaneConversion {
    private enum Round { NONE, TRN, RND, RND_CONV, OTHER }

    private enum Overflow { CLAMP, ZERO, WRAP, CASTER }

    private final Caster caster;
    private final Conversion rounding;
    private final Round round;
    private final Overflow overflow;
    private final int d;
    private final int up;
    private final long lo;
    private final long hi;
    private final int wrapShift;
    private final boolean signed;
    /** Whether sums convert on doubles (see {@link #fromSums}). */
    private final boolean onDoubles;
    /** Whether float sums convert on floats (see {@link #fromSums(float[], int, long, int, long[], int)}). */
    private final boolean onFloats;
    private final double scale;
    private final double dlo;
    private final double dhi;
    /** Whether both bounds lie within 2^22 (see {@link #rawsInPlace(float[], float[], int, int)}). */
    private final boolean narrowBounds;

    PlaneConversion(FixedType from, FixedType to) {
        this.caster = Caster.of(from, to);
        this.rounding = new Conversion(from, to);
        int drop = from.fracBits() - to.fracBits();
        // Values and bounds within 62 bits keep q exact and the clamps' differences inside a long.
        boolean narrow = from.width() <= 62 && to.width() <= 62;
        boolean exactQ = narrow && (drop >= 0 ? drop < 63 : from.width() - drop <= 62);
        this.d = Math.max(0, drop);
        this.up = Math.max(0, -drop);
        this.signed = to.signed();
        this.wrapShift = 64 - to.width();
        this.overflow = exactQ ? overflow(from, to) : Overflow.CASTER;
        this.round = overflow == Overflow.CASTER ? Round.NONE : d == 0 ? Round.NONE : round(to.quant());
        this.lo = narrow ? to.minRawKept(from.signed()) : 0;
        this.hi = narrow ? to.maxRaw() : 0;
        // Up-shifts qualify too: they scale an integer of at most 24 (53) significant bits by a power of two, which
        // is exact in floats (doubles); the bounds on d and up keep every scaled value a normal number.
        this.onDoubles = from.width() <= 53 && to.width() <= 53 && d <= 900 && up <= 900
                && overflow == Overflow.CLAMP
                && (round == Round.NONE || round == Round.TRN || round == Round.RND_CONV);
        this.onFloats = from.width() <= 24 && to.width() <= 24 && d <= 100 && up <= 100
                && overflow == Overflow.CLAMP
                && (round == Round.NONE || round == Round.RND_CONV);
        this.scale = Math.scalb(1.0, up - d);
        this.dlo = lo;
        this.dhi = hi;
        this.narrowBounds = Math.max(Math.abs(dlo), Math.abs(dhi)) <= 0x1p22;
    }

    private static Round round(QuantMode q) {
        switch (q) {
            case AP_TRN:
                return Round.TRN;
            case AP_RND:
                return Round.RND;
            case AP_RND_CONV:
                return Round.RND_CONV;
            default:
                return Round.OTHER;
        }
    }

    /** Which overflow pass gives the caster's result for every quantized value. */
    private static Overflow overflow(FixedType from, FixedType to) {
        OverflowMode o = to.overflow();
        if (o == OverflowMode.AP_SAT) {
            return Overflow.CLAMP;
        }
        if (o == OverflowMode.AP_SAT_ZERO) {
            return Overflow.ZERO;
        }
        if (o == OverflowMode.AP_WRAP && to.satBits() == 0) {
            return Overflow.WRAP;
        }
        if (o == OverflowMode.AP_SAT_SYM) {
            // Unsigned: an underflow gives 0, the minimum. Signed from signed, W > 1: the minimum counts as an
            // underflow and every underflow gives -max, one above the minimum. Both are clamps to [minRawKept, max].
            if (!to.signed() || (from.signed() && to.width() > 1)) {
                return Overflow.CLAMP;
            }
        }
        return Overflow.CASTER;
    }

    /**
     * {@code y[y0 + i] = convert(v[v0 + i])} for i < n. {@code y} may be {@code v} with {@code y0 == v0} (each result
     * depends only on its own value). The passes run in place on y, each loop indexing one array with one expression,
     * the shape C2 (JDK 17) vectorizes.
     */
    void apply(long[] v, int v0, int n, long[] y, int y0) {
        if (overflow == Overflow.CASTER) {
            for (int i = 0; i < n; i++) {
                y[y0 + i] = caster.apply(v[v0 + i]);
            }
            return;
        }
        if (v != y || v0 != y0) {
            System.arraycopy(v, v0, y, y0, n);
        }
        int end = y0 + n;
        switch (round) {
            case TRN:
                trn(y, y0, end);
                break;
            case RND:
                rnd(y, y0, end);
                break;
            case RND_CONV:
                rndConv(y, y0, end);
                break;
            case OTHER:
                other(y, y0, end);
                break;
            default:
                shift(y, y0, end);
        }
        switch (overflow) {
            case CLAMP:
                clamp(y, y0, end);
                break;
            case ZERO:
                zero(y, y0, end);
                break;
            default:
                wrap(y, y0, end);
        }
    }

    /**
     * The conversion of a multiply-accumulate layer's exact sums {@code s} (integers, as floats or doubles): the
     * value is {@code bias + s·2^shift}, in the source's LSBs. {@code y[y0 + i]} for i < n, n a whole plane of the
     * sums' layout; the caller keeps the entries it needs.
     *
     * <p>Where the source and destination are within 53 bits and the mode is AP_TRN or AP_RND_CONV with AP_SAT (or
     * AP_SAT_SYM's clamp), the whole conversion runs on doubles: {@code v / 2^d = bias·2^-d + s·2^(shift-d)} is exact
     * (power-of-two scalings of integers within 53 bits), {@link Math#floor} is AP_TRN, {@link Math#rint} (ties to
     * even) is AP_RND_CONV, the clamp's bounds are exact doubles, and the result is an integer, so the final cast is
     * exact. A conversion that adds {@code u} fractional bits is {@code v·2^u}, as exact, with nothing to round.
     * Elsewhere the sums become longs first.
     */
    void fromSums(float[] sums, int n, long bias, int shift, long[] y, int y0) {
        if (onFloats) {
            onFloats(sums, n, bias, shift, y, y0);
            return;
        }
        if (!onDoubles) {
            for (int i = 0; i < n; i++) {
                y[y0 + i] = bias + ((long) sums[i] << shift);
            }
            apply(y, y0, n, y, y0);
            return;
        }
        double b = bias * scale;
        double m = Math.scalb(scale, shift);
        double l = dlo;
        double h = dhi;
        if (round == Round.RND_CONV) {
            for (int i = 0; i < n; i++) {
                y[y0 + i] = (long) Math.min(h, Math.max(l, Math.rint(b + sums[i] * m)));
            }
        } else if (round == Round.TRN) {
            for (int i = 0; i < n; i++) {
                y[y0 + i] = (long) Math.min(h, Math.max(l, Math.floor(b + sums[i] * m)));
            }
        } else {
            for (int i = 0; i < n; i++) {
                y[y0 + i] = (long) Math.min(h, Math.max(l, b + sums[i] * m));
            }
        }
    }

    /**
     * Within 24 bits the same steps run on floats, in place on the sums, which C2 (JDK 17) vectorizes (it does not
     * vectorize float-to-double or float-to-long conversions): {@code v / 2^d} is exact as before, and AP_RND_CONV is
     * {@code (x + 1.5·2^23) - 1.5·2^23}: for {@code |x| ≤ 2^22} (true when W ≤ 24 and d ≥ 1) the sum lies where floats
     * are the integers, so the addition rounds x to the nearest integer, ties to even (1.5·2^23 is even), and the
     * subtraction is exact. Only the final casts to long are scalar.
     */
    private void onFloats(float[] sums, int n, long bias, int shift, long[] y, int y0) {
        rawsInPlace(sums, n, bias, shift);
        for (int i = 0; i < n; i++) {
            y[y0 + i] = (long) sums[i];
        }
    }

    /** Whether {@link #rawsInPlace(float[], int, long, int)} applies: source and destination within 24 bits. */
    boolean onFloats() {
        return onFloats;
    }

    /** Whether {@link #rawsInPlace(double[], int, long, int)} applies: source and destination within 53 bits. */
    boolean onDoubles() {
        return onDoubles;
    }

    /** Whether the real steps apply on the given plane (always false for longs, which need no proof). */
    boolean on(RawPlane p) {
        return p == RawPlane.FLOATS ? onFloats : p == RawPlane.DOUBLES && onDoubles;
    }

    /**
     * The float steps of {@link #fromSums(float[], int, long, int, long[], int)} without the final casts (only when
     * {@link #onFloats()}): each sum becomes its output raw, an integer within the destination's range, so exactly a
     * float, and a layer on float taps can read it as is.
     */
    void rawsInPlace(float[] sums, int n, long bias, int shift) {
        rawsInPlace(sums, n, bias, shift, false);
    }

    /**
     * {@link #rawsInPlace(float[], int, long, int)} of {@code max(v, 0)} when {@code relu}: rounding is monotone and
     * keeps 0, and the range holds 0, so that is the conversion of v with the lower bound raised to 0.
     */
    void rawsInPlace(float[] sums, int n, long bias, int shift, boolean relu) {
        rawsInPlace(sums, 0, n, bias, shift, relu);
    }

    /** The float bias term the float steps add for a channel whose bias raw is {@code bias}. */
    float floatBias(long bias) {
        return (float) (bias * scale);
    }

    /**
     * {@link #rawsInPlace(float[], int, int, long, int, boolean)} without ReLU on {@code sums[0 .. n)}, where
     * {@code biases[i]} is {@link #floatBias} of the bias raw of i's channel: one loop over many channels' planes at
     * once. Per-channel calls on 7×7 planes ran 49-value loops, which C2 runs in the scalar iterations around its
     * vector loop; both arrays indexed alike keep the long loop vectorized. The same floats: each value is the same
     * expression of the same operands, but the clamp under AP_RND_CONV when the bounds lie within 2^22
     * ({@code narrowBounds}): {@code min(max(v, l), h) = ((|v - l| - |v - h|) + (l + h)) / 2} (below l the bracket is
     * {@code (l - v) - (h - v) + l + h = 2l}, above h it is 2h, between them 2v), exact because v is an integer within
     * 2^23 (a source of at most 24 bits, at least one bit dropped) and l, h integers within 2^22, so both distances
     * are integers below 2^24, their difference lies within h - l, the bracket is an even integer of at most 2^24, and
     * it is never -0 (no operand is -0, |x| is never -0, and x - x and x + (-x) are +0). Math.min and Math.max
     * vectorize to longer blend sequences (for their NaN and -0 rules): 100,352 values took 12.0 µs with them, 10.3 µs
     * with a clamp of two such brackets (max and min, ten operations), the copy that refills the sums included; this
     * one has seven.
     */
    void rawsInPlace(float[] sums, float[] biases, int n, int shift) {
        float m = (float) Math.scalb(scale, shift);
        float l = (float) dlo;
        float h = (float) dhi;
        if (round == Round.RND_CONV && narrowBounds) {
            final float c = 0x1.8p23f;
            final float both = l + h;
            for (int i = 0; i < n; i++) {
                float v = ((biases[i] + sums[i] * m) + c) - c;
                sums[i] = 0.5f * ((Math.abs(v - l) - Math.abs(v - h)) + both);
            }
        } else if (round == Round.RND_CONV) {
            final float c = 0x1.8p23f;
            for (int i = 0; i < n; i++) {
                sums[i] = Math.min(h, Math.max(l, ((biases[i] + sums[i] * m) + c) - c));
            }
        } else {
            for (int i = 0; i < n; i++) {
                sums[i] = Math.min(h, Math.max(l, biases[i] + sums[i] * m));
            }
        }
    }

    /**
     * The finish that turns one channel's float sums into its output raws in the float kernel's own row
     * ({@link FloatBatchConv#rawsOnFloats}), only when {@link #onFloats()}; {@code biases[c]} is {@link #floatBias}
     * of channel c's bias raw. The same floats as {@link #rawsInPlace(float[], float[], int, int)}: under AP_RND_CONV
     * with bounds within 2^22 a {@link NearestClamp}, whose arithmetic is that method's expression for the same
     * operands (the kernel may run it in its last loop); else {@link #rawsInPlace(float[], int, int, long, int,
     * boolean)}'s expressions on the row.
     */
    ChannelFinish finish(float[] biases, int shift) {
        float m = (float) Math.scalb(scale, shift);
        float l = (float) dlo;
        float h = (float) dhi;
        if (round == Round.RND_CONV && narrowBounds) {
            return new NearestClamp(biases, m, l, h);
        }
        return (oc, row, from, to) -> {
            float b = biases[oc];
            if (round == Round.RND_CONV) {
                final float c = 0x1.8p23f;
                for (int i = from; i < to; i++) {
                    row[i] = Math.min(h, Math.max(l, ((b + row[i] * m) + c) - c));
                }
            } else {
                for (int i = from; i < to; i++) {
                    row[i] = Math.min(h, Math.max(l, b + row[i] * m));
                }
            }
        };
    }

    /** {@link #rawsInPlace(float[], int, long, int, boolean)} on {@code sums[from .. to)}. */
    void rawsInPlace(float[] sums, int from, int to, long bias, int shift, boolean relu) {
        float b = floatBias(bias);
        float m = (float) Math.scalb(scale, shift);
        float l = (float) (relu ? Math.max(dlo, 0) : dlo);
        float h = (float) dhi;
        if (round == Round.RND_CONV) {
            final float c = 0x1.8p23f;
            for (int i = from; i < to; i++) {
                sums[i] = Math.min(h, Math.max(l, ((b + sums[i] * m) + c) - c));
            }
        } else {
            for (int i = from; i < to; i++) {
                sums[i] = Math.min(h, Math.max(l, b + sums[i] * m));
            }
        }
    }

    /** {@link #fromSums(float[], int, long, int, long[], int)} for double sums. */
    void fromSums(double[] sums, int n, long bias, int shift, long[] y, int y0) {
        if (!onDoubles) {
            for (int i = 0; i < n; i++) {
                y[y0 + i] = bias + ((long) sums[i] << shift);
            }
            apply(y, y0, n, y, y0);
            return;
        }
        rawsInPlace(sums, n, bias, shift);
        for (int i = 0; i < n; i++) {
            y[y0 + i] = (long) sums[i];
        }
    }

    /**
     * The double steps of {@link #fromSums(double[], int, long, int, long[], int)} without the final casts (only
     * when {@link #onDoubles()}): each sum becomes its output raw, exactly a double (see
     * {@link #rawsInPlace(float[], int, long, int)}).
     */
    void rawsInPlace(double[] sums, int n, long bias, int shift) {
        rawsInPlace(sums, n, bias, shift, false);
    }

    /** {@link #rawsInPlace(float[], int, long, int, boolean)} on doubles. */
    void rawsInPlace(double[] sums, int n, long bias, int shift, boolean relu) {
        double b = bias * scale;
        double m = Math.scalb(scale, shift);
        double l = relu ? Math.max(dlo, 0) : dlo;
        double h = dhi;
        if (round == Round.RND_CONV) {
            for (int i = 0; i < n; i++) {
                sums[i] = Math.min(h, Math.max(l, Math.rint(b + sums[i] * m)));
            }
        } else if (round == Round.TRN) {
            for (int i = 0; i < n; i++) {
                sums[i] = Math.min(h, Math.max(l, Math.floor(b + sums[i] * m)));
            }
        } else {
            for (int i = 0; i < n; i++) {
                sums[i] = Math.min(h, Math.max(l, b + sums[i] * m));
            }
        }
    }

    private void shift(long[] y, int from, int to) {
        int u = up;
        for (int i = from; i < to; i++) {
            y[i] = y[i] << u;
        }
    }

    private void trn(long[] y, int from, int to) {
        int s = d;
        for (int i = from; i < to; i++) {
            y[i] = y[i] >> s;
        }
    }

    /** Round half up: the first dropped bit is the increment. */
    private void rnd(long[] y, int from, int to) {
        int s = d;
        int qb = d - 1;
        for (int i = from; i < to; i++) {
            long x = y[i];
            y[i] = (x >> s) + ((x >>> qb) & 1);
        }
    }

    /** Round half to even: the first dropped bit, when a lower bit is set or the floor is odd. */
    private void rndConv(long[] y, int from, int to) {
        int s = d;
        int qb = d - 1;
        long rMask = d <= 1 ? 0 : (1L << (d - 1)) - 1;
        for (int i = from; i < to; i++) {
            long x = y[i];
            long f = x >> s;
            long r = ((x & rMask) + rMask) >>> qb; // 1 when a bit below the first dropped bit is set
            y[i] = f + (((x >>> qb) & 1) & (r | (f & 1)));
        }
    }

    private void other(long[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = rounding.round(y[i]);
        }
    }

    /**
     * {@code min(hi, max(lo, q))} with masks instead of compares, which C2 (JDK 17) vectorizes for longs; the
     * differences cannot overflow, as q and the bounds are below 2^62 in magnitude.
     */
    private void clamp(long[] y, int from, int to) {
        long l = lo;
        long h = hi;
        for (int i = from; i < to; i++) {
            long q = y[i];
            long below = l - q; // > 0 when q < lo
            q += below & ~(below >> 63);
            long above = q - h; // > 0 when q > hi
            y[i] = q - (above & ~(above >> 63));
        }
    }

    /** 0 outside {@code [lo, hi]}, with masks (see {@link #clamp}). */
    private void zero(long[] y, int from, int to) {
        long l = lo;
        long h = hi;
        for (int i = from; i < to; i++) {
            long q = y[i];
            long out = ((q - l) | (h - q)) >> 63; // -1 when q < lo or q > hi
            y[i] = q & ~out;
        }
    }

    private void wrap(long[] y, int from, int to) {
        int s = wrapShift;
        if (signed) {
            for (int i = from; i < to; i++) {
                y[i] = (y[i] << s) >> s;
            }
        } else {
            for (int i = from; i < to; i++) {
                y[i] = (y[i] << s) >>> s;
            }
        }
    }
}
