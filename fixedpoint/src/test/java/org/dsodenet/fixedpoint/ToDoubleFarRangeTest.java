package org.dsodenet.fixedpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/**
 * to_double of values far beyond the double range returns infinity or zero without forming the exact product, whose
 * size grows with |I| (up to 2^20 bits): the result must be exactly what the exact product gives.
 */
class ToDoubleFarRangeTest {

    /** The exact product, correctly rounded: the reference, affordable for exponents up to a few thousand. */
    private static double exact(BigInteger raw, FixedType t) {
        return new BigDecimal(raw).multiply(WideFx.pow2(t.lsbExponent()), MathContext.UNLIMITED).doubleValue();
    }

    @Test
    void equalsTheExactProductAroundBothEndsOfTheDoubleRange() {
        qt().withExamples(1000).forAll(longs().all()).checkAssert(seed -> {
            RandomFixed r = new RandomFixed(seed);
            FixedType base = r.type(r.rnd.nextBoolean() ? 64 : 300);
            BigInteger raw = r.raw(base);
            // Place the value's top bit within 8 of the overflow edge (2^1024) or the underflow edge (2^-1075).
            int bits = Math.max(raw.abs().bitLength(), 1);
            int edge = r.rnd.nextBoolean() ? 1024 : -1075;
            int lsb = edge - bits + r.rnd.nextInt(17) - 8;
            FixedType t = new FixedType(base.signed(), base.width(), base.width() + lsb, base.quant(),
                    base.overflow(), base.satBits());
            assertEquals(exact(raw, t), WideFx.toDouble(raw, t), () -> t + " raw " + raw);
        });
    }

    @Test
    void extremeTypesGiveSignedInfinityAndZero() {
        FixedType huge = FixedType.signed(1024, FixedType.MAX_ABS_INT_BITS);
        FixedType tiny = FixedType.signed(1024, -FixedType.MAX_ABS_INT_BITS);
        BigInteger max = WideFx.maxRaw(huge);
        BigInteger min = WideFx.minRaw(huge);
        assertEquals(Double.POSITIVE_INFINITY, WideFx.toDouble(BigInteger.ONE, huge));
        assertEquals(Double.NEGATIVE_INFINITY, WideFx.toDouble(min, huge));
        assertEquals(0.0, WideFx.toDouble(max, tiny));
        assertEquals(-0.0, WideFx.toDouble(min, tiny));
        assertEquals(0.0, WideFx.toDouble(BigInteger.ZERO, huge));
    }
}
