package org.dsodenet.fixedpoint;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * to_double for types whose LSB lies below the smallest subnormal double: the fast path must round once, to the
 * subnormal grid, exactly as the exact path does (found by the SystemC differential test: scaling an already
 * rounded double rounded twice).
 */
class ToDoubleRangeTest {

    @Test
    void subnormalResultsAreRoundedOnce() {
        // 2^60 + 2^9 + 255 units of 2^-1083: exactly 2^-1023 + 2^-1074 + 0.498·2^-1074, so the nearest double is
        // 2^-1023 + 2^-1074. Rounding first to 53 bits gives ...+ 1.5·2^-1074, a tie that then rounds up to +2.
        FixedType t = FixedType.signed(64, 64 - 1083);
        long raw = (1L << 60) + (1L << 9) + 255;
        double expected = Math.scalb(1.0, -1023) + Double.MIN_VALUE;
        assertEquals(expected, WideFx.toDouble(BigInteger.valueOf(raw), t));
        assertEquals(expected, Fx.toDouble(raw, t));
    }

    @Test
    void fastPathEqualsCorrectRoundingFarBelowTheNormalRange() {
        qt().withExamples(scaled(400)).forAll(longs().all()).checkAssert(seed -> {
            RandomFixed r = new RandomFixed(seed);
            FixedType base = r.type(64);
            // LSB between 2^-1140 and 2^-1000: results from normal through subnormal to zero.
            int lsb = -1140 + r.rnd.nextInt(141);
            FixedType t = new FixedType(base.signed(), base.width(), base.width() + lsb, base.quant(),
                    base.overflow(), base.satBits());
            BigInteger raw = r.raw(t);
            double exact = new BigDecimal(raw).multiply(WideFx.pow2(lsb)).doubleValue();
            assertEquals(exact, WideFx.toDouble(raw, t), () -> t + " raw " + raw);
            assertEquals(exact, Fx.toDouble(raw.longValue(), t), () -> t + " raw " + raw);
        });
    }
}
