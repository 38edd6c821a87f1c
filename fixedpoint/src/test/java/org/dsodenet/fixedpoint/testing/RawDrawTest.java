package org.dsodenet.fixedpoint.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.WideFx;
import org.junit.jupiter.api.Test;

class RawDrawTest {
    private static final RawDraw ALL = new RawDraw(List.of(RawDraw.SMALL, RawDraw.ZERO, RawDraw.NEXT_TO_END), 4, 1);

    @Test
    void everyDrawIsARawValueOfTheType() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int k = 0; k < 3000; k++) {
            FixedType t = RandomTypes.withRandomModes(rnd, FixedType.of(rnd.nextBoolean(), 1 + rnd.nextInt(100),
                    rnd.nextInt(40) - 10));
            BigInteger r = ALL.draw(rnd, t);
            assertTrue(r.compareTo(WideFx.minRaw(t)) >= 0 && r.compareTo(WideFx.maxRaw(t)) <= 0, t + " " + r);
        }
    }

    @Test
    void theEndsComeUpAsOftenAsEachOtherChoice() {
        FixedType t = FixedType.of(true, 40, 10);
        SplittableRandom rnd = new SplittableRandom(3);
        int mins = 0;
        int maxs = 0;
        for (int k = 0; k < 7000; k++) {
            BigInteger r = ALL.draw(rnd, t);
            mins += r.equals(WideFx.minRaw(t)) ? 1 : 0;
            maxs += r.equals(WideFx.maxRaw(t)) ? 1 : 0;
        }
        // 1 in 9 each (2 ends + 3 picks + 4 uniform); a uniform 40-bit draw hits an end with probability 2^-40.
        assertTrue(mins > 600 && mins < 950, "min drawn " + mins + " times");
        assertTrue(maxs > 600 && maxs < 950, "max drawn " + maxs + " times");
    }

    @Test
    void forcedTiesEndInOneAndZerosBelowARandomBit() {
        FixedType t = FixedType.of(false, 48, 48);
        // A third of the draws are uniform; of those about 1 in 16 end in 4 zeros by chance, and with ties half of them
        // get a pattern ...1000 below a random bit of 47, almost always at least 4 bits long.
        assertTrue(longTails(new RawDraw(List.of(), 1, 1), t) > 250);
        assertTrue(longTails(new RawDraw(List.of(), 1, RawDraw.NO_TIES), t) < 100);
    }

    private static int longTails(RawDraw draw, FixedType t) {
        SplittableRandom rnd = new SplittableRandom(5);
        int n = 0;
        for (int k = 0; k < 2000; k++) {
            n += draw.draw(rnd, t).getLowestSetBit() >= 4 ? 1 : 0;
        }
        return n;
    }

    @Test
    void aDrawWithoutUniformValuesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RawDraw(List.of(), 0, RawDraw.NO_TIES));
        assertEquals(2, new RawDraw(List.of(RawDraw.ZERO, RawDraw.ZERO), 1, RawDraw.NO_TIES).picks().size());
    }
}
