package org.dsodenet.hls;

import java.math.BigInteger;
import java.util.Random;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.fixedpoint.WideFx;

/** Seeded random fixed-point types and raw values, biased toward extremes and rounding ties. */
final class RandomRaw {
    final SplittableRandom rnd;

    RandomRaw(long seed) {
        rnd = new SplittableRandom(seed);
    }

    int width(int lo, int hi) {
        return rnd.nextInt(4) == 0 ? lo + rnd.nextInt(Math.min(4, hi - lo + 1)) : lo + rnd.nextInt(hi - lo + 1);
    }

    /** A type of width in [lo, hi], I in [-8, W + 8], with random modes (none of which operators may look at). */
    FixedType type(int lo, int hi) {
        boolean signed = rnd.nextBoolean();
        int w = width(lo, hi);
        int i = rnd.nextInt(w + 17) - 8;
        return withRandomModes(FixedType.of(signed, w, i));
    }

    FixedType withRandomModes(FixedType t) {
        QuantMode q = QuantMode.fromIndex(rnd.nextInt(7));
        OverflowMode o = OverflowMode.fromIndex(rnd.nextInt(t.signed() ? 5 : 4));
        int n = o == OverflowMode.AP_WRAP || o == OverflowMode.AP_WRAP_SM ? rnd.nextInt(Math.min(t.width(), 3) + 1) : 0;
        return t.withModes(q, o, n);
    }

    /** A raw value of t: an extreme, a value near zero, or uniform, sometimes with a forced tie in the low bits. */
    BigInteger raw(FixedType t) {
        BigInteger min = WideFx.minRaw(t);
        BigInteger max = WideFx.maxRaw(t);
        switch (rnd.nextInt(7)) {
            case 0:
                return min;
            case 1:
                return max;
            case 2:
                return BigInteger.valueOf(rnd.nextInt(5) - 2).max(min).min(max);
            default:
                BigInteger span = max.subtract(min).add(BigInteger.ONE);
                BigInteger r = new BigInteger(span.bitLength() + 8, new Random(rnd.nextLong())).mod(span).add(min);
                if (rnd.nextBoolean() && t.width() > 2) {
                    int k = 1 + rnd.nextInt(t.width() - 1);
                    r = WideFx.wrap(r.shiftRight(k).shiftLeft(k).setBit(k - 1), t);
                }
                return r;
        }
    }

    /** The W-bit pattern of a raw value, in hex with a 0x prefix (how the C++ programs load values). */
    static String hex(BigInteger raw, FixedType t) {
        return "0x" + pattern(raw, t).toString(16);
    }

    static BigInteger pattern(BigInteger raw, FixedType t) {
        return raw.and(BigInteger.ONE.shiftLeft(t.width()).subtract(BigInteger.ONE));
    }

    /** Reads a W-bit pattern back as the raw value (signed reading for signed types). */
    static BigInteger fromPattern(BigInteger pattern, FixedType t) {
        return t.signed() && pattern.testBit(t.width() - 1) ? pattern.subtract(BigInteger.ONE.shiftLeft(t.width())) : pattern;
    }
}
