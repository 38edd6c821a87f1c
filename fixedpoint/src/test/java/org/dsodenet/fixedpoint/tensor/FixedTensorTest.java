package org.dsodenet.fixedpoint.tensor;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.WideFx;
import org.junit.jupiter.api.Test;

class FixedTensorTest {
    @Test
    void storageIsTheNarrowestArrayForW() {
        assertEquals("byte", FixedTensor.quantize(new double[] {1}, new int[] {1}, FixedType.signed(8, 2)).storage());
        assertEquals("short", FixedTensor.quantize(new double[] {1}, new int[] {1}, FixedType.unsigned(9, 2)).storage());
        assertEquals("int", FixedTensor.quantize(new double[] {1}, new int[] {1}, FixedType.signed(32, 2)).storage());
        assertEquals("long", FixedTensor.quantize(new double[] {1}, new int[] {1}, FixedType.signed(33, 2)).storage());
        assertEquals("BigInteger", FixedTensor.quantize(new double[] {1}, new int[] {1}, FixedType.signed(65, 2)).storage());
    }

    @Test
    void rawsRoundTripThroughNarrowStorageForEveryWidth() {
        qt().withExamples(scaled(3000)).forAll(integers().between(1, 64), longs().all()).checkAssert((w, seed) -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            FixedType t = rnd.nextBoolean() ? FixedType.signed(w, rnd.nextInt(20) - 5) : FixedType.unsigned(w, rnd.nextInt(20) - 5);
            long[] raws = new long[5];
            raws[0] = t.minRaw();
            raws[1] = t.maxRaw();
            for (int i = 2; i < raws.length; i++) {
                long r = rnd.nextLong();
                raws[i] = w == 64 ? r : (t.signed() ? (r << (64 - w)) >> (64 - w) : r >>> (64 - w));
            }
            FixedTensor x = FixedTensor.ofRaw(raws, new int[] {5}, t);
            for (int i = 0; i < raws.length; i++) {
                assertEquals(raws[i], x.raw(i), t + " index " + i);
                assertEquals(Fx.toBig(raws[i], t), x.rawBig(i));
            }
        });
    }

    @Test
    void quantizeCastAndDequantizeFollowTheScalarApi() {
        qt().withExamples(scaled(500)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            FixedType t = FixedType.parse("ap_fixed<" + (2 + rnd.nextInt(90)) + "," + (rnd.nextInt(8) - 2) + ",AP_RND_CONV,AP_SAT>");
            FixedType u = FixedType.parse("ap_ufixed<" + (1 + rnd.nextInt(20)) + "," + rnd.nextInt(4) + ",AP_TRN,AP_WRAP>");
            double[] v = new double[12];
            for (int i = 0; i < v.length; i++) {
                v[i] = rnd.nextGaussian() * 4;
            }
            FixedTensor x = FixedTensor.quantize(v, new int[] {3, 4}, t);
            FixedStats expected = new FixedStats();
            double[] back = x.dequantize();
            for (int i = 0; i < v.length; i++) {
                BigInteger raw = WideFx.fromDouble(v[i], t, expected);
                assertEquals(raw, x.rawBig(i));
                assertEquals(WideFx.toDouble(raw, t), back[i]);
            }
            assertEquals(expected, x.stats());
            FixedTensor y = x.cast(u);
            FixedStats castStats = new FixedStats();
            for (int i = 0; i < v.length; i++) {
                assertEquals(WideFx.cast(x.rawBig(i), t, u, castStats), y.rawBig(i));
            }
            assertEquals(castStats, y.stats());
        });
    }

    @Test
    void countsSaturatedAndWrappedValues() {
        double[] v = {0.5, 100, -100, 0.26};
        FixedTensor sat = FixedTensor.quantize(v, new int[] {4}, FixedType.parse("ap_fixed<8,4,AP_RND,AP_SAT>"));
        assertEquals(2, sat.stats().saturated);
        assertEquals(0, sat.stats().wrapped);
        assertEquals(1, sat.stats().quantized);
        FixedTensor wrap = FixedTensor.quantize(v, new int[] {4}, FixedType.parse("ap_fixed<8,4>"));
        assertEquals(2, wrap.stats().wrapped);
    }

    @Test
    void badInputIsRejected() {
        FixedType t = FixedType.signed(8, 2);
        assertThrows(IllegalArgumentException.class, () -> FixedTensor.quantize(new double[] {1, 2}, new int[] {3}, t));
        assertThrows(IllegalArgumentException.class, () -> FixedTensor.quantize(new double[] {Double.NaN}, new int[] {1}, t));
        assertThrows(IllegalArgumentException.class, () -> FixedTensor.ofRaw(new long[] {128}, new int[] {1}, t));
        assertThrows(IllegalArgumentException.class, () -> FixedTensor.quantize(new double[] {}, new int[] {0}, t));
    }
}
