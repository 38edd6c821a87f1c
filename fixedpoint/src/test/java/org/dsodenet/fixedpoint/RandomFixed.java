package org.dsodenet.fixedpoint;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.testing.RandomTypes;
import org.dsodenet.fixedpoint.testing.RawDraw;

/** Random types and raw values for property tests, biased toward boundaries and rounding ties. */
final class RandomFixed {
    private static final RawDraw RAWS = new RawDraw(
            List.of((rnd, min, max) -> BigInteger.ZERO.max(min).min(max).add(BigInteger.valueOf(rnd.nextInt(3))).min(max)),
            3, 2);

    final SplittableRandom rnd;

    RandomFixed(long seed) {
        rnd = new SplittableRandom(seed);
    }

    FixedType type(int maxWidth) {
        boolean signed = rnd.nextBoolean();
        int w = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(Math.min(maxWidth, 4)) : 1 + rnd.nextInt(maxWidth);
        int i = rnd.nextInt(w + 13) - 6;
        return RandomTypes.withRandomModes(rnd, FixedType.of(signed, w, i));
    }

    /** A raw value of t: an extreme, zero to two (kept in range), or uniform, sometimes with a forced tie. */
    BigInteger raw(FixedType t) {
        return RAWS.draw(rnd, t);
    }
}
