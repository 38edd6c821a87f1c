package org.dsodenet.ops.fixed.types;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.fixedpoint.WideFx;
import org.dsodenet.ops.fixed.FixedForward;
import org.dsodenet.ops.fixed.LayerTrace;
import org.dsodenet.ops.fixed.Trace;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QBatchNorm;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QOdeBlock;
import org.dsodenet.ops.fixed.model.QRelu;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    @Test
    void handWorkedIntegerBits() {
        // ap_fixed<8,1> reaches 1 - 2^-7, so 1.0 needs I = 2; 0.75 and 1 - 2^-7 fit I = 1.
        assertEquals(2, Calibration.intBits(1.0, 8, true));
        assertEquals(1, Calibration.intBits(0.75, 8, true));
        assertEquals(1, Calibration.intBits(1 - 0x1p-7, 8, true));
        assertEquals(2, Calibration.intBits(1 - 0x1p-8, 8, true));
        // Unsigned: ap_ufixed<8,0> reaches 1 - 2^-8, ap_ufixed<8,8> reaches 255.
        assertEquals(1, Calibration.intBits(1.0, 8, false));
        assertEquals(0, Calibration.intBits(1 - 0x1p-8, 8, false));
        assertEquals(8, Calibration.intBits(255, 8, false));
        assertEquals(9, Calibration.intBits(256, 8, false));
        // Small values get negative I: ap_fixed<8,-8> reaches 2^-9 - 2^-16 ≈ 0.00194, ap_fixed<8,-9> only ≈ 0.00097.
        assertEquals(-8, Calibration.intBits(0.001, 8, true));
        assertEquals(1, Calibration.intBits(0, 8, true));
        assertThrows(IllegalArgumentException.class, () -> Calibration.intBits(Double.NaN, 8, true));
        assertThrows(IllegalArgumentException.class, () -> Calibration.intBits(1, 1, true));
        assertThrows(IllegalArgumentException.class, () -> Calibration.intBits(-1, 8, true));
    }

    /** The chosen type holds ±maxAbs in every quantization mode; one integer bit less saturates. */
    @Test
    void chosenIntegerBitsAreJustEnough() {
        qt().withExamples(scaled(3000)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            boolean signed = r.nextBoolean();
            int w = (signed ? 2 : 1) + r.nextInt(r.nextBoolean() ? 16 : 100);
            double maxAbs = r.nextInt(5) == 0 ? Math.scalb(1.0, r.nextInt(60) - 30)
                    : Math.scalb(r.nextDouble() + 0.01, r.nextInt(60) - 30);
            int i = Calibration.intBits(maxAbs, w, signed);
            String msg = maxAbs + " in " + w + " bits " + (signed ? "signed" : "unsigned") + " -> I = " + i;
            for (QuantMode q : QuantMode.values()) {
                FixedType t = new FixedType(signed, w, i, q, OverflowMode.AP_SAT, 0);
                FixedStats s = new FixedStats();
                WideFx.fromDouble(maxAbs, t, s);
                if (signed) {
                    WideFx.fromDouble(-maxAbs, t, s);
                }
                assertEquals(0, s.saturated, msg + " " + q);
            }
            // Minimal: the largest value of the type with one integer bit less is below maxAbs (exact comparison).
            FixedType less = FixedType.of(signed, w, i - 1);
            assertTrue(WideFx.toBigDecimal(WideFx.maxRaw(less), less).compareTo(new BigDecimal(maxAbs)) < 0, msg);
            FixedType chosen = FixedType.of(signed, w, i);
            assertTrue(WideFx.toBigDecimal(WideFx.maxRaw(chosen), chosen).compareTo(new BigDecimal(maxAbs)) >= 0, msg);
        });
    }

    @Test
    void observesEveryLayerAndOdeStateOfATrace() {
        FixedType t = FixedType.parse("ap_fixed<16,6,AP_RND,AP_SAT>");
        AccTypes at = new AccTypes(t, t, FixedType.parse("ap_fixed<32,12>"), t);
        SplittableRandom r = new SplittableRandom(3);
        long[] w = new long[2 * 9];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextInt(2048) - 1024;
        }
        QOdeBlock ode = new QOdeBlock("ode", List.of(new QDepthwiseConv2d("fdw", 2, 3, 1, 1, w, null, at),
                new QBatchNorm("fbn", 2, new long[] {-1024, 512}, new long[] {0, 100}, t, t, t)), 3,
                FixedType.parse("ap_ufixed<1,-1>"), 1, t, false);
        QNetwork net = new QNetwork("n", new Dims(2, 4, 4), t, List.of(new QRelu("relu", t), ode));
        FixedForward fwd = new FixedForward(net, true);
        Calibration cal = new Calibration();
        double relMax = 0;
        double odeMin = Double.POSITIVE_INFINITY;
        double odeMax = Double.NEGATIVE_INFINITY;
        for (int n = 0; n < 5; n++) {
            long[] x = new long[32];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextInt(1 << 14) - (1 << 13);
            }
            Trace trace = fwd.run(x);
            cal.observe(trace);
            for (double v : trace.layer("relu").values()) {
                relMax = Math.max(relMax, v);
            }
            LayerTrace o = trace.layer("ode");
            for (var step : o.steps()) {
                for (int i = 0; i < o.size(); i++) {
                    double v = WideFx.toDouble(step.rawBig(i), step.type());
                    odeMin = Math.min(odeMin, v);
                    odeMax = Math.max(odeMax, v);
                }
            }
        }
        assertEquals(relMax, cal.range("relu").max());
        assertEquals(0, cal.range("relu").min());
        assertEquals(odeMin, cal.range("ode").min());
        assertEquals(odeMax, cal.range("ode").max());
        assertEquals(5 * 3 * 32, cal.range("ode").count());
        assertEquals(List.of("relu", "ode", "fdw", "fbn"), List.copyOf(cal.ranges().keySet()));
        // ReLU output never negative: unsigned allowed gives ap_ufixed.
        FixedType relu = cal.type("relu", 8, QuantMode.AP_RND, OverflowMode.AP_SAT, true);
        assertTrue(!relu.signed() && relu.width() == 8, relu.toString());
        assertEquals(Calibration.intBits(relMax, 8, false), relu.intBits());
        FixedType odeType = cal.type("ode", 10, QuantMode.AP_RND_CONV, OverflowMode.AP_SAT, true);
        assertTrue(odeType.signed());
        assertEquals(Calibration.intBits(Math.max(-odeMin, odeMax), 10, true), odeType.intBits());
    }

    @Test
    void rejectsBadObservations() {
        Calibration cal = new Calibration();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cal.observe("l", new double[] {1, Double.NaN}));
        assertEquals("l: value 1 is NaN, calibration needs finite values", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cal.observe(" ", new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> cal.range("never"));
        cal.observe("l", new double[] {-3, 2});
        cal.observe("l", new double[] {5});
        assertEquals(new Calibration.Range(-3, 5, 3), cal.range("l"));
        assertEquals(5, cal.range("l").maxAbs());
    }
}
