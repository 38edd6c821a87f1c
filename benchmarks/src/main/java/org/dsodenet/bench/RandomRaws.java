package org.dsodenet.bench;

import java.math.BigInteger;
import java.util.Random;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;

/** Raw values for the cast benchmarks: every bit pattern of the type equally likely, the same ones every run. */
final class RandomRaws {
    private RandomRaws() {}

    /** {@code n} raws of the signed type {@code t} (the W-bit pattern read as two's complement). */
    static BigInteger[] of(FixedType t, int n) {
        SplittableRandom rnd = new SplittableRandom(42);
        BigInteger[] raws = new BigInteger[n];
        for (int i = 0; i < n; i++) {
            BigInteger r = new BigInteger(t.width(), new Random(rnd.nextLong()));
            if (r.testBit(t.width() - 1)) {
                r = r.subtract(BigInteger.ONE.shiftLeft(t.width()));
            }
            raws[i] = r;
        }
        return raws;
    }
}
