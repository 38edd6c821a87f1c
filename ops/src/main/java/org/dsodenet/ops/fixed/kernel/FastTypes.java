package org.dsodenet.ops.fixed.kernel;

import java.math.BigInteger;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.WideFx;

/** Decisions shared by the kernels about when {@code long} arithmetic is exact. */
final class FastTypes {
    private FastTypes() {}

    /**
     * A kernel takes the fast path only when every type it touches, including the full-precision product and sum
     * types, {@linkplain FixedType#fitsLong fits a long}; then no intermediate can overflow.
     */
    static boolean ok(FixedType... types) {
        for (FixedType t : types) {
            if (!t.fitsLong()) {
                return false;
            }
        }
        return true;
    }

    /** {@code n} copies of the events in {@code one} (the counts of a constant conversion repeated n times). */
    static void addTimes(FixedStats dst, FixedStats one, long n) {
        dst.conversions += one.conversions * n;
        dst.quantized += one.quantized * n;
        dst.saturated += one.saturated * n;
        dst.wrapped += one.wrapped * n;
    }

    /** Adds the overflow and quantization events of {@code scratch}, leaving the conversion count to the caller. */
    static void addEvents(FixedStats dst, FixedStats scratch) {
        dst.quantized += scratch.quantized;
        dst.saturated += scratch.saturated;
        dst.wrapped += scratch.wrapped;
    }

    static BigInteger[] big(long[] raws, FixedType t) {
        BigInteger[] out = new BigInteger[raws.length];
        for (int i = 0; i < raws.length; i++) {
            out[i] = org.dsodenet.fixedpoint.Fx.toBig(raws[i], t);
        }
        return out;
    }

    /** Constant raws converted into {@code to}, each conversion's events kept apart (they repeat per use). */
    static BigInteger[] castConstants(long[] raws, FixedType from, FixedType to, FixedStats[] events) {
        BigInteger[] out = new BigInteger[raws.length];
        for (int i = 0; i < raws.length; i++) {
            events[i] = new FixedStats();
            out[i] = WideFx.cast(org.dsodenet.fixedpoint.Fx.toBig(raws[i], from), from, to, events[i]);
        }
        return out;
    }

    static long[] longs(BigInteger[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i].longValue();
        }
        return out;
    }

    static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
