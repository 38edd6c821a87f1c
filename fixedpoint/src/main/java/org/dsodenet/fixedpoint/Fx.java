package org.dsodenet.fixedpoint;

import java.math.BigInteger;

/**
 * ap_fixed operations on {@code long} raw values, for types up to 64 bits: raws are sign-extended for signed types
 * and zero-extended for unsigned ones (a 64-bit unsigned raw is its bit pattern). Conversions never allocate except
 * for pairs with a 64-bit unsigned type; in loops, plan them once with {@link Caster}.
 *
 * <p>Result types of the arithmetic operators are ap_fixed's full-precision types, with AP_TRN/AP_WRAP: the sum or
 * product is exact, and only an assignment to a declared type quantizes or overflows. Operations whose result type
 * is wider than 64 bits throw; use {@link WideFx} for them.
 */
public final class Fx {
    /** Exponent of the smallest subnormal double: scalb is exact for results on or above this grid. */
    private static final int MIN_SUBNORMAL_EXPONENT = -1074;

    private Fx() {}

    /** Converts a raw value of {@code from} into {@code to} (assignment semantics). */
    public static long cast(long raw, FixedType from, FixedType to) {
        return cast(raw, from, to, null);
    }

    /** Converts a raw value of {@code from} into {@code to}, counting events into {@code stats} (nullable). */
    public static long cast(long raw, FixedType from, FixedType to, FixedStats stats) {
        requireFast(from);
        requireFast(to);
        if (!from.fitsLong() || !to.fitsLong()) {
            return Caster.of(from, to).apply(raw, stats);
        }
        return FastCast.convert(raw, from.fracBits() - to.fracBits(), to.width(), from.width(), to.signed(),
                from.signed(), to.minRaw(), to.maxRaw(), to.quant(), to.overflow(), to.satBits(), stats);
    }

    /** Converts a double: its exact value, then the target's modes. NaN and infinities are an error. */
    public static long fromDouble(double v, FixedType to) {
        return fromDouble(v, to, null);
    }

    /** {@link #fromDouble(double, FixedType)} counting events into {@code stats} (nullable). */
    public static long fromDouble(double v, FixedType to, FixedStats stats) {
        requireFast(to);
        if (!to.fitsLong()) {
            return WideFx.fromDouble(v, to, stats).longValue();
        }
        return FastCast.fromDouble(v, to, to.minRaw(), to.maxRaw(), stats);
    }

    /** The value as a double, rounded to nearest even, as ap_fixed's {@code to_double()} for normal-range values. */
    public static double toDouble(long raw, FixedType t) {
        requireFast(t);
        if (!t.signed() && raw < 0) {
            return WideFx.toDouble(unsigned64(raw), t);
        }
        if (t.lsbExponent() < MIN_SUBNORMAL_EXPONENT) {
            // (double) raw rounds once and scalb would round again on the subnormal grid: take the exact path.
            return WideFx.toDouble(BigInteger.valueOf(raw), t);
        }
        return Math.scalb((double) raw, t.lsbExponent());
    }

    /** ap_fixed's result type of {@code a + b}: wide enough to be exact. */
    public static FixedType addType(FixedType a, FixedType b) {
        int i = Math.max(a.intBits() + (b.signed() && !a.signed() ? 1 : 0),
                b.intBits() + (a.signed() && !b.signed() ? 1 : 0)) + 1;
        int f = Math.max(a.fracBits(), b.fracBits());
        return FixedType.of(a.signed() || b.signed(), i + f, i);
    }

    /** ap_fixed's result type of {@code a - b}: as for addition, but always signed. */
    public static FixedType subType(FixedType a, FixedType b) {
        FixedType t = addType(a, b);
        return FixedType.of(true, t.width(), t.intBits());
    }

    /** ap_fixed's result type of {@code a * b}: W = Wa + Wb, I = Ia + Ib, signed if either is. */
    public static FixedType mulType(FixedType a, FixedType b) {
        return FixedType.of(a.signed() || b.signed(), a.width() + b.width(), a.intBits() + b.intBits());
    }

    /** Raw value of {@code a + b} in {@link #addType}. */
    public static long add(long ra, FixedType a, long rb, FixedType b) {
        FixedType r = requireFast(addType(a, b), "a + b");
        return ra * pow2(r.fracBits() - a.fracBits()) + rb * pow2(r.fracBits() - b.fracBits());
    }

    /** Raw value of {@code a - b} in {@link #subType}. */
    public static long sub(long ra, FixedType a, long rb, FixedType b) {
        FixedType r = requireFast(subType(a, b), "a - b");
        return ra * pow2(r.fracBits() - a.fracBits()) - rb * pow2(r.fracBits() - b.fracBits());
    }

    /** Raw value of {@code a * b} in {@link #mulType}. */
    public static long mul(long ra, FixedType a, long rb, FixedType b) {
        requireFast(mulType(a, b), "a * b");
        return ra * rb;
    }

    /** Exact numeric comparison: negative, zero or positive as a is less than, equal to or greater than b. */
    public static int compare(long ra, FixedType a, long rb, FixedType b) {
        requireFast(a);
        requireFast(b);
        return WideFx.compare(toBig(ra, a), a, toBig(rb, b), b);
    }

    /**
     * {@code x << n} as ap_fixed defines it (without {@code __SC_COMPATIBLE__}): the raw bits move left, bits shifted
     * out of the W-bit word are lost, the type and its modes stay and are not applied. A negative n shifts right.
     */
    public static long shiftLeft(long raw, FixedType t, int n) {
        requireFast(t);
        if (n < 0) {
            return n == Integer.MIN_VALUE ? shiftRight(raw, t, Integer.MAX_VALUE) : shiftRight(raw, t, -n);
        }
        if (n >= t.width()) {
            return 0;
        }
        return FastCast.extend(raw << n & mask(t.width()), t.width(), t.signed());
    }

    /**
     * {@code x >> n} as ap_fixed defines it: arithmetic for signed types, logical for unsigned, dropped bits are
     * truncated (no rounding), the type stays. A negative n shifts left.
     */
    public static long shiftRight(long raw, FixedType t, int n) {
        requireFast(t);
        if (n < 0) {
            return n == Integer.MIN_VALUE ? 0 : shiftLeft(raw, t, -n);
        }
        int s = Math.min(n, 63);
        if (t.signed()) {
            return raw >> s;
        }
        return n >= 64 ? 0 : raw >>> s;
    }

    /** The numeric value of a long raw as a BigInteger (unsigned 64-bit patterns read as unsigned). */
    public static BigInteger toBig(long raw, FixedType t) {
        return !t.signed() && raw < 0 ? unsigned64(raw) : BigInteger.valueOf(raw);
    }

    /** A BigInteger raw of a type up to 64 bits as a long raw (unsigned 64-bit values become their bit pattern). */
    public static long fromBig(BigInteger raw, FixedType t) {
        requireFast(t);
        WideFx.requireInRange(raw, t);
        return raw.longValue();
    }

    private static BigInteger unsigned64(long raw) {
        return BigInteger.valueOf(raw).add(BigInteger.ONE.shiftLeft(64));
    }

    private static long mask(int w) {
        return w == 64 ? -1L : (1L << w) - 1;
    }

    private static long pow2(int e) {
        return 1L << e; // e < 64 whenever the result type fits 64 bits
    }

    private static void requireFast(FixedType t) {
        if (!t.isFast()) {
            throw new IllegalArgumentException(t + " is wider than 64 bits: use WideFx");
        }
    }

    private static FixedType requireFast(FixedType result, String op) {
        if (!result.isFast()) {
            throw new IllegalArgumentException(op + " has result type " + result + ", wider than 64 bits: use WideFx");
        }
        return result;
    }
}
