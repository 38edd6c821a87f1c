package org.dsodenet.bench;

import java.math.BigInteger;
import java.util.Random;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.WideFx;

/**
 * What a cast benchmark converts: a {@code from|to} pair of types in C++ spelling, and raws of {@code from} with
 * every bit pattern equally likely, the same ones every run.
 */
record CastInputs(FixedType from, FixedType to, BigInteger[] raws) {
    /** {@code n} raws for the pair {@code "from|to"}; {@code from} is signed (the pattern read as two's complement). */
    static CastInputs of(String pair, int n) {
        String[] p = pair.split("\\|");
        FixedType from = FixedType.parse(p[0]);
        SplittableRandom rnd = new SplittableRandom(42);
        BigInteger[] raws = new BigInteger[n];
        for (int i = 0; i < n; i++) {
            BigInteger r = new BigInteger(from.width(), new Random(rnd.nextLong()));
            if (r.testBit(from.width() - 1)) {
                r = r.subtract(BigInteger.ONE.shiftLeft(from.width()));
            }
            raws[i] = r;
        }
        return new CastInputs(from, FixedType.parse(p[1]), raws);
    }

    /** Every raw cast on the exact BigInteger path into {@code out}: what the cast benchmarks measure for it. */
    BigInteger[] castWide(BigInteger[] out) {
        for (int i = 0; i < raws.length; i++) {
            out[i] = WideFx.cast(raws[i], from, to);
        }
        return out;
    }
}
