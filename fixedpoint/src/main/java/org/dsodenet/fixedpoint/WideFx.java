package org.dsodenet.fixedpoint;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * The exact path: ap_fixed semantics for every width up to {@value FixedType#MAX_WIDTH}, on {@link BigInteger} raw
 * values (the numeric reading of the raw integer: negative for signed types whose sign bit is set). Straightforward
 * rather than fast; {@link Fx} and {@link Caster} are the fast path for W ≤ 64, and both must agree with this class.
 *
 * <p>Conversion semantics follow Vitis HLS assignment ({@code dst = src}): the exact source value is quantized to the
 * destination's LSB with its quantization mode, and the result, if out of range, is handled with its overflow mode.
 * See {@code fixedpoint/SEMANTICS.md} for the rules, including the bit-level wrap modes with saturation bits.
 */
public final class WideFx {
    private WideFx() {}

    /** Converts a raw value of {@code from} into {@code to}. */
    public static BigInteger cast(BigInteger raw, FixedType from, FixedType to) {
        return cast(raw, from, to, null);
    }

    /** Converts a raw value of {@code from} into {@code to}, counting events into {@code stats} (nullable). */
    public static BigInteger cast(BigInteger raw, FixedType from, FixedType to, FixedStats stats) {
        requireInRange(raw, from);
        return convert(raw, from.signed(), from.width(), from.fracBits(), to, stats);
    }

    /**
     * Converts a double: its exact value, then the target's quantization and overflow modes.
     *
     * @throws IllegalArgumentException for NaN and infinities, which no fixed-point type holds
     */
    public static BigInteger fromDouble(double v, FixedType to) {
        return fromDouble(v, to, null);
    }

    /** {@link #fromDouble(double, FixedType)} counting events into {@code stats} (nullable). */
    public static BigInteger fromDouble(double v, FixedType to, FixedStats stats) {
        DoubleParts p = DoubleParts.of(v);
        if (p.mantissa() == 0) {
            if (stats != null) {
                stats.conversions++;
            }
            return BigInteger.ZERO;
        }
        return convert(BigInteger.valueOf(p.mantissa()), true, DoubleParts.WIDTH, p.fracBits(), to, stats);
    }

    /** The value as a double, rounded to nearest even (what ap_fixed's to_double does for normal-range results). */
    public static double toDouble(BigInteger raw, FixedType t) {
        requireInRange(raw, t);
        // 2^(top-1) <= |value| < 2^top. Values far outside the double range round to infinity or zero whatever their
        // digits, and skipping the exact product keeps the cost bounded by W rather than by |I| (up to 2^20).
        long top = (long) raw.abs().bitLength() + t.lsbExponent();
        if (raw.signum() != 0 && top - 1 >= Double.MAX_EXPONENT + 1) {
            return raw.signum() < 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY; // |value| >= 2^1024
        }
        if (raw.signum() != 0 && top <= Double.MIN_EXPONENT - 52 - 1) {
            return raw.signum() < 0 ? -0.0 : 0.0; // |value| < 2^-1075, under half the smallest subnormal
        }
        return new BigDecimal(raw).multiply(pow2(t.lsbExponent()), MathContext.UNLIMITED).doubleValue();
    }

    /** The exact value as a BigDecimal. */
    public static BigDecimal toBigDecimal(BigInteger raw, FixedType t) {
        requireInRange(raw, t);
        return new BigDecimal(raw).multiply(pow2(t.lsbExponent()), MathContext.UNLIMITED);
    }

    /** Raw value of {@code a + b} in {@link Fx#addType}, exact. */
    public static BigInteger add(BigInteger ra, FixedType a, BigInteger rb, FixedType b) {
        requireInRange(ra, a);
        requireInRange(rb, b);
        FixedType r = Fx.addType(a, b);
        return align(ra, a, r).add(align(rb, b, r));
    }

    /** Raw value of {@code a - b} in {@link Fx#subType}, exact. */
    public static BigInteger sub(BigInteger ra, FixedType a, BigInteger rb, FixedType b) {
        requireInRange(ra, a);
        requireInRange(rb, b);
        FixedType r = Fx.subType(a, b);
        return align(ra, a, r).subtract(align(rb, b, r));
    }

    /** Raw value of {@code a * b} in {@link Fx#mulType}, exact. */
    public static BigInteger mul(BigInteger ra, FixedType a, BigInteger rb, FixedType b) {
        requireInRange(ra, a);
        requireInRange(rb, b);
        return ra.multiply(rb);
    }

    /** Exact numeric comparison of two fixed-point values of any types. */
    public static int compare(BigInteger ra, FixedType a, BigInteger rb, FixedType b) {
        int f = Math.max(a.fracBits(), b.fracBits());
        return ra.shiftLeft(f - a.fracBits()).compareTo(rb.shiftLeft(f - b.fracBits()));
    }

    /**
     * {@code x << n} as ap_fixed defines it: the raw bits move, bits shifted out are lost, the type stays; a negative
     * {@code n} shifts right.
     */
    public static BigInteger shiftLeft(BigInteger raw, FixedType t, int n) {
        requireInRange(raw, t);
        if (n < 0) {
            return shiftRight(raw, t, -(long) n);
        }
        return n >= t.width() ? BigInteger.ZERO : wrap(raw.shiftLeft(n), t);
    }

    /**
     * {@code x >> n} as ap_fixed defines it: arithmetic for signed types, logical for unsigned, bits shifted out are
     * truncated (no rounding), the type stays; a negative {@code n} shifts left.
     */
    public static BigInteger shiftRight(BigInteger raw, FixedType t, int n) {
        return shiftRight(raw, t, (long) n);
    }

    private static BigInteger shiftRight(BigInteger raw, FixedType t, long n) {
        requireInRange(raw, t);
        if (n < 0) {
            return shiftLeft(raw, t, (int) Math.max(-n, Integer.MIN_VALUE + 1));
        }
        return raw.shiftRight((int) Math.min(n, t.width()));
    }

    /** Reduces an integer modulo 2^W into the raw range of {@code t} (two's complement reading when signed). */
    public static BigInteger wrap(BigInteger q, FixedType t) {
        BigInteger m = q.and(mask(t.width()));
        if (t.signed() && m.testBit(t.width() - 1)) {
            m = m.subtract(BigInteger.ONE.shiftLeft(t.width()));
        }
        return m;
    }

    /** Smallest raw value of {@code t}. */
    public static BigInteger minRaw(FixedType t) {
        return t.signed() ? BigInteger.ONE.shiftLeft(t.width() - 1).negate() : BigInteger.ZERO;
    }

    /** Largest raw value of {@code t}. */
    public static BigInteger maxRaw(FixedType t) {
        return (t.signed() ? BigInteger.ONE.shiftLeft(t.width() - 1) : BigInteger.ONE.shiftLeft(t.width()))
                .subtract(BigInteger.ONE);
    }

    /** Throws when {@code raw} is not a raw value of {@code t}. */
    public static void requireInRange(BigInteger raw, FixedType t) {
        if (raw.compareTo(minRaw(t)) < 0 || raw.compareTo(maxRaw(t)) > 0) {
            throw new IllegalArgumentException("raw value " + raw + " is out of range of " + t);
        }
    }

    /**
     * The conversion core. The source is the integer {@code v} with {@code srcFrac} fractional bits, held in a
     * {@code srcWidth}-bit (signed or unsigned) container; the container only matters for the WRAP_SM bit that
     * Xilinx reads from the source.
     */
    static BigInteger convert(BigInteger v, boolean srcSigned, int srcWidth, int srcFrac, FixedType to,
                              FixedStats stats) {
        int w = to.width();
        int d = srcFrac - to.fracBits();
        BigInteger q;
        boolean quantized = false;
        if (d > 0) {
            q = v.shiftRight(d);
            BigInteger rem = v.subtract(q.shiftLeft(d));
            quantized = rem.signum() != 0;
            if (quantized && to.quant() != QuantMode.AP_TRN) {
                boolean qb = rem.testBit(d - 1);
                boolean r = rem.bitLength() > 0 && rem.getLowestSetBit() < d - 1;
                if (Rounding.increment(to.quant(), qb, r, v.signum() < 0, q.testBit(0))) {
                    q = q.add(BigInteger.ONE);
                }
            }
        } else {
            q = v.shiftLeft(-d);
        }
        BigInteger min = minRaw(to);
        BigInteger max = maxRaw(to);
        boolean over = q.compareTo(max) > 0;
        boolean under = q.compareTo(min) < 0;
        OverflowMode o = to.overflow();
        if (!under && to.minIsUnderflowFrom(srcSigned) && q.equals(min)) {
            under = true;
        }
        if (stats != null) {
            stats.count(quantized, over || under, o);
        }
        if (!over && !under) {
            return q;
        }
        switch (o) {
            case AP_SAT:
                return over ? max : min;
            case AP_SAT_ZERO:
                return BigInteger.ZERO;
            case AP_SAT_SYM:
                // Xilinx writes the pattern 10..01: -max, except that for W = 1 it is the minimum itself.
                return over ? max : (to.signed() ? (w == 1 ? min : max.negate()) : BigInteger.ZERO);
            default:
                break;
        }
        BigInteger wrapped = q.and(mask(w));
        int pos1 = d + w;
        boolean lD = pos1 >= 0 && pos1 < srcWidth && v.testBit(pos1);
        BigInteger pattern = WrapBits.apply(wrapped, w, to.signed(), o, to.satBits(), under, lD);
        if (to.signed() && pattern.testBit(w - 1)) {
            pattern = pattern.subtract(BigInteger.ONE.shiftLeft(w));
        }
        return pattern;
    }

    static BigInteger align(BigInteger raw, FixedType from, FixedType to) {
        return raw.shiftLeft(to.fracBits() - from.fracBits());
    }

    static BigInteger mask(int bits) {
        return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    }

    static BigDecimal pow2(int e) {
        return e >= 0 ? new BigDecimal(BigInteger.ONE.shiftLeft(e))
                : BigDecimal.ONE.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-e)));
    }
}
