package org.dsodenet.fixedpoint;

import java.math.BigInteger;

/**
 * A conversion from one fixed-point type to another, planned once so that kernels can apply it in inner loops
 * without allocation or per-call type analysis. Raw values are {@code long}s, sign-extended for signed types and
 * zero-extended for unsigned ones. Pairs involving a 64-bit unsigned type (whose values do not fit a signed long)
 * fall back to {@link WideFx} internally.
 */
public final class Caster {
    private final FixedType from;
    private final FixedType to;
    private final boolean wide;
    // The plan: shift (positive drops fractional bits), range, and the modes as flags.
    private final int d;
    private final int w;
    private final int srcWidth;
    private final long min;
    private final long max;
    private final boolean signed;
    private final boolean srcSigned;
    private final QuantMode quant;
    private final OverflowMode overflow;
    private final int satBits;

    private Caster(FixedType from, FixedType to) {
        this.from = from;
        this.to = to;
        this.wide = !(from.fitsLong() && to.fitsLong());
        this.d = from.fracBits() - to.fracBits();
        this.w = to.width();
        this.srcWidth = from.width();
        this.signed = to.signed();
        this.srcSigned = from.signed();
        this.min = wide ? 0 : to.minRaw();
        this.max = wide ? 0 : to.maxRaw();
        this.quant = to.quant();
        this.overflow = to.overflow();
        this.satBits = to.satBits();
    }

    /** Plans the conversion {@code from → to}. */
    public static Caster of(FixedType from, FixedType to) {
        return new Caster(from, to);
    }

    public FixedType from() {
        return from;
    }

    public FixedType to() {
        return to;
    }

    /** Converts a double (exact value, then this caster's target modes); the source type is ignored. */
    public long applyDouble(double v, FixedStats stats) {
        if (wide) {
            return WideFx.fromDouble(v, to, stats).longValue();
        }
        return FastCast.fromDouble(v, to, min, max, stats);
    }

    /** Converts one raw value. */
    public long apply(long raw) {
        return apply(raw, null);
    }

    /** Converts one raw value, counting events into {@code stats} (nullable). */
    public long apply(long raw, FixedStats stats) {
        if (wide) {
            BigInteger v = srcSigned || raw >= 0 ? BigInteger.valueOf(raw)
                    : BigInteger.valueOf(raw).add(BigInteger.ONE.shiftLeft(64));
            return WideFx.cast(v, from, to, stats).longValue();
        }
        return FastCast.convert(raw, d, w, srcWidth, signed, srcSigned, min, max, quant, overflow, satBits, stats);
    }

}
