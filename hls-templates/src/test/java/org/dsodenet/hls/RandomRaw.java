package org.dsodenet.hls;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.testing.RandomTypes;
import org.dsodenet.fixedpoint.testing.RawDraw;

/** Seeded random fixed-point types and raw values, biased toward extremes and rounding ties. */
final class RandomRaw {
    private static final RawDraw RAWS = new RawDraw(List.of(RawDraw.SMALL), 4, 2);

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
        return RandomTypes.withRandomModes(rnd, t);
    }

    /** A raw value of t: an extreme, a value near zero, or uniform, sometimes with a forced tie in the low bits. */
    BigInteger raw(FixedType t) {
        return RAWS.draw(rnd, t);
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
