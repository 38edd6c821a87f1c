package org.dsodenet.fixedpoint.oracle;

import java.math.BigInteger;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.WideFx;

/** Evaluates golden vectors with the Java implementation, through the fast path and the exact wide path. */
public final class CastVectorCheck {
    private CastVectorCheck() {}

    /** The exact (BigInteger) path: defined for every type. */
    public static BigInteger evaluateWide(CastVector v) {
        return v.fromDouble()
                ? WideFx.fromDouble(v.sourceDouble(), v.target())
                : WideFx.cast(v.sourceRaw(), v.source(), v.target());
    }

    /** True when both types fit the allocation-free {@code long} path. */
    public static boolean fastApplies(CastVector v) {
        return v.target().isFast() && (v.fromDouble() || v.source().isFast());
    }

    /** The fast ({@code long}) path; only valid when {@link #fastApplies} is true. */
    public static BigInteger evaluateFast(CastVector v) {
        long raw = v.fromDouble()
                ? Fx.fromDouble(v.sourceDouble(), v.target())
                : Fx.cast(v.sourceRaw().longValue(), v.source(), v.target());
        return toValue(raw, v.target().signed());
    }

    /** Both paths must agree with the reference; returns a description of the first disagreement, or null. */
    public static String mismatch(CastVector v) {
        BigInteger wide = evaluateWide(v);
        if (!wide.equals(v.expectedRaw())) {
            return describe(v) + ": expected " + RawHex.format(v.expectedRaw(), v.target())
                    + ", got " + RawHex.format(wide, v.target()) + " (exact path)";
        }
        if (fastApplies(v)) {
            BigInteger fast = evaluateFast(v);
            if (!fast.equals(v.expectedRaw())) {
                return describe(v) + ": expected " + RawHex.format(v.expectedRaw(), v.target())
                        + ", got " + RawHex.format(fast, v.target()) + " (fast path)";
            }
        }
        return null;
    }

    /** A one-line human description of the case. */
    public static String describe(CastVector v) {
        String from = v.fromDouble()
                ? "double " + v.sourceDouble() + " (bits " + Long.toHexString(v.doubleBits()) + ")"
                : v.source() + " raw " + RawHex.format(v.sourceRaw(), v.source());
        return "line " + v.line() + ": " + from + " -> " + v.target();
    }

    private static BigInteger toValue(long raw, boolean signed) {
        // Unsigned 64-bit raws live in a long as a bit pattern; read them back as unsigned.
        return signed || raw >= 0 ? BigInteger.valueOf(raw)
                : BigInteger.valueOf(raw).add(BigInteger.ONE.shiftLeft(64));
    }
}
