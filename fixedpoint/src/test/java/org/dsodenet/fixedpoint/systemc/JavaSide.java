package org.dsodenet.fixedpoint.systemc;

import java.math.BigInteger;
import org.dsodenet.fixedpoint.Caster;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.WideFx;

/**
 * The Java results the differential tests compare with SystemC: through the fast {@code long} path ({@link Caster},
 * {@link Fx}) whenever the types allow it, otherwise through the exact {@link WideFx} path, so both are exercised.
 */
final class JavaSide {
    private JavaSide() {}

    static BigInteger cast(BigInteger raw, FixedType from, FixedType to) {
        if (from.isFast() && to.isFast()) {
            return Fx.toBig(Caster.of(from, to).apply(raw.longValue()), to);
        }
        return WideFx.cast(raw, from, to);
    }

    static BigInteger fromDouble(double v, FixedType to) {
        return to.isFast() ? Fx.toBig(Fx.fromDouble(v, to), to) : WideFx.fromDouble(v, to);
    }

    static double toDouble(BigInteger raw, FixedType t) {
        return t.isFast() ? Fx.toDouble(raw.longValue(), t) : WideFx.toDouble(raw, t);
    }

    /** {@code a op b} in ap_fixed's result type ({@link #resultType}), exact. */
    static BigInteger arithmetic(String op, BigInteger ra, FixedType a, BigInteger rb, FixedType b) {
        FixedType r = resultType(op, a, b);
        if (!(a.isFast() && b.isFast() && r.isFast())) {
            return op.equals("add") ? WideFx.add(ra, a, rb, b)
                    : op.equals("sub") ? WideFx.sub(ra, a, rb, b) : WideFx.mul(ra, a, rb, b);
        }
        long x = ra.longValue();
        long y = rb.longValue();
        // A 64-bit unsigned result is a bit pattern in the long; Fx.toBig reads it back.
        return Fx.toBig(op.equals("add") ? Fx.add(x, a, y, b) : op.equals("sub") ? Fx.sub(x, a, y, b)
                : Fx.mul(x, a, y, b), r);
    }

    static FixedType resultType(String op, FixedType a, FixedType b) {
        switch (op) {
            case "add":
                return Fx.addType(a, b);
            case "sub":
                return Fx.subType(a, b);
            case "mul":
                return Fx.mulType(a, b);
            default:
                throw new IllegalArgumentException("unknown operation " + op);
        }
    }

    /** {@code x << n} (op "shl") or {@code x >> n} (op "shr") in the type of x, as ap_fixed shifts. */
    static BigInteger shift(String op, BigInteger raw, FixedType t, int n) {
        boolean left = op.equals("shl");
        if (t.isFast() && (t.signed() || t.width() < 64)) {
            long r = left ? Fx.shiftLeft(raw.longValue(), t, n) : Fx.shiftRight(raw.longValue(), t, n);
            return Fx.toBig(r, t);
        }
        return left ? WideFx.shiftLeft(raw, t, n) : WideFx.shiftRight(raw, t, n);
    }
}
