package org.dsodenet.fixedpoint;

import java.math.BigInteger;
import java.util.SplittableRandom;

/** Random types and raw values for property tests, biased toward boundaries and rounding ties. */
final class RandomFixed {
    final SplittableRandom rnd;

    RandomFixed(long seed) {
        rnd = new SplittableRandom(seed);
    }

    FixedType type(int maxWidth) {
        boolean signed = rnd.nextBoolean();
        int w = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(Math.min(maxWidth, 4)) : 1 + rnd.nextInt(maxWidth);
        int i = rnd.nextInt(w + 13) - 6;
        QuantMode q = QuantMode.fromIndex(rnd.nextInt(7));
        OverflowMode o = OverflowMode.fromIndex(rnd.nextInt(signed ? 5 : 4));
        int n = o == OverflowMode.AP_WRAP || o == OverflowMode.AP_WRAP_SM ? rnd.nextInt(Math.min(w, 3) + 1) : 0;
        return new FixedType(signed, w, i, q, o, n);
    }

    /** A raw value of t: uniform, or an extreme, or with a forced tie pattern in the low bits. */
    BigInteger raw(FixedType t) {
        BigInteger min = WideFx.minRaw(t);
        BigInteger max = WideFx.maxRaw(t);
        switch (rnd.nextInt(6)) {
            case 0:
                return min;
            case 1:
                return max;
            case 2:
                return BigInteger.ZERO.max(min).min(max).add(BigInteger.valueOf(rnd.nextInt(3))).min(max);
            default:
                BigInteger span = max.subtract(min).add(BigInteger.ONE);
                BigInteger r = new BigInteger(span.bitLength() + 8, new java.util.Random(rnd.nextLong())).mod(span).add(min);
                if (rnd.nextBoolean() && t.width() > 2) {
                    // Force a tie below a random bit: ...1000 pattern.
                    int k = 1 + rnd.nextInt(t.width() - 1);
                    r = r.shiftRight(k).shiftLeft(k).setBit(k - 1);
                    r = WideFx.wrap(r, t);
                }
                return r;
        }
    }
}
