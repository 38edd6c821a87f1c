package org.dsodenet.ops.fixed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.tensor.FixedTensor;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QBatchNorm;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QGlobalAvgPool;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QOdeBlock;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.dsodenet.ops.fixed.model.QRelu;
import org.junit.jupiter.api.Test;

/** Hand-worked examples, the fast/wide boundary, bad input and the trace API. */
class FixedForwardTest {
    static final FixedType Q8_5 = FixedType.parse("ap_fixed<8,5>"); // LSB 1/8
    static final FixedType WIDE_ACC = FixedType.parse("ap_fixed<24,12>");

    /** 1×3×3 input holding 1..9, a 2×2 kernel of ones: each output is the sum of a 2×2 window. */
    private static QNetwork windowSums(FixedType out) {
        long one = 8; // 1.0 in ap_fixed<8,5>
        QConv2d conv = new QConv2d("conv", 1, 1, 2, 1, 0, new long[] {one, one, one, one}, null,
                new AccTypes(Q8_5, Q8_5, WIDE_ACC, out));
        return new QNetwork("sums", new Dims(1, 3, 3), Q8_5, List.of(conv));
    }

    private static long[] oneToNine() {
        long[] x = new long[9];
        for (int i = 0; i < 9; i++) {
            x[i] = (i + 1) * 8L;
        }
        return x;
    }

    @Test
    void convolutionSumsWindows() {
        Trace t = new FixedForward(windowSums(FixedType.parse("ap_fixed<16,8>"))).run(oneToNine());
        // 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9
        assertArrayEquals(new double[] {12, 16, 24, 28}, t.output().values());
        assertEquals(new Dims(1, 2, 2), t.output().dims());
        FixedStats acc = t.output().accStats();
        assertEquals(16, acc.conversions); // 4 outputs × 4 taps, no bias
        assertEquals(0, acc.overflowed() + acc.quantized);
    }

    @Test
    void saturatingOutputIsCountedPerValue() {
        // ap_fixed<6,5,AP_TRN,AP_SAT> holds at most 15.5: 16, 24 and 28 saturate.
        Trace t = new FixedForward(windowSums(FixedType.parse("ap_fixed<6,5,AP_TRN,AP_SAT>"))).run(oneToNine());
        assertArrayEquals(new double[] {12, 15.5, 15.5, 15.5}, t.output().values());
        assertEquals(3, t.output().outStats().saturated);
        assertEquals(4, t.output().outStats().conversions);
        assertEquals(0, t.output().accStats().saturated);
    }

    @Test
    void wrappingAccumulatorIsVisible() {
        // acc ap_fixed<8,5> wraps above 15.875: window sums 16, 24, 28 wrap modulo 32 (to -16, -8, -4).
        QConv2d conv = new QConv2d("conv", 1, 1, 2, 1, 0, new long[] {8, 8, 8, 8}, null,
                new AccTypes(Q8_5, Q8_5, Q8_5, FixedType.parse("ap_fixed<16,8>")));
        Trace t = new FixedForward(new QNetwork("n", new Dims(1, 3, 3), Q8_5, List.of(conv))).run(oneToNine());
        assertArrayEquals(new double[] {12, -16, -8, -4}, t.output().values());
        assertTrue(t.output().accStats().wrapped >= 3, t.output().accStats().toString());
        assertEquals(0, t.output().outStats().overflowed());
    }

    /** dz/dt = z with h = 1/2: three Euler steps multiply by 1.5 each. */
    @Test
    void eulerStepsOfIdentityFunction() {
        FixedType s = FixedType.parse("ap_fixed<16,4>");
        FixedType unit = FixedType.parse("ap_fixed<4,2>");
        QBatchNorm identity = new QBatchNorm("f", 1, new long[] {4}, new long[] {0}, unit, unit, s); // 4 = 1.0
        QOdeBlock ode = new QOdeBlock("ode", List.of(identity), 3, FixedType.parse("ap_ufixed<1,0>"), 1, s, false);
        Trace t = new FixedForward(new QNetwork("n", new Dims(1, 1, 1), s, List.of(ode)), true).run(new long[] {4096});
        assertEquals(3.375, t.output().values()[0]);
        List<StepTrace> steps = t.output().steps();
        assertEquals(3, steps.size());
        assertEquals(BigInteger.valueOf(6144), steps.get(0).rawBig(0)); // 1.5
        assertEquals(BigInteger.valueOf(9216), steps.get(1).rawBig(0)); // 2.25
        assertEquals(1.0, steps.get(0).f().get(0).values()[0]); // f at step 0 sees z0
        assertEquals(1.5, steps.get(1).f().get(0).values()[0]); // f at step 1 sees z1
        assertTrue(steps.get(2).f().get(0).hasValues());
    }

    /** f(z, t) = t with h = 1/2: z3 = z0 + h (t0 + t1 + t2) = 1 + 0.5 (0 + 0.5 + 1). */
    @Test
    void timeChannelCarriesStepTimes() {
        FixedType s = FixedType.parse("ap_fixed<16,4>");
        FixedType w = FixedType.parse("ap_fixed<4,2>");
        QPointwiseConv2d pickT = new QPointwiseConv2d("f", 2, 1, new long[] {0, 4}, null,
                new AccTypes(w, w, FixedType.parse("ap_fixed<32,8>"), s));
        QOdeBlock ode = new QOdeBlock("ode", List.of(pickT), 3, FixedType.parse("ap_ufixed<1,0>"), 1, s, true);
        Trace t = new FixedForward(new QNetwork("n", new Dims(1, 1, 1), s, List.of(ode))).run(new long[] {4096});
        assertEquals(1.75, t.output().values()[0]);
        // One time conversion and one update per step.
        assertEquals(2, t.output().steps().get(0).updateStats().conversions);
        assertFalse(t.output().steps().get(0).f().get(0).hasValues());
        assertThrows(IllegalStateException.class, () -> t.output().steps().get(0).f().get(0).values());
        assertEquals(1, t.output().steps().get(0).f().get(0).outStats().conversions); // counts are kept without values
    }

    /** Pointwise layer whose exact sum type is exactly 64 bits (fast) or 65 bits (wide), on extreme inputs. */
    @Test
    void sixtyFourBitSumsStayFastAndExact() {
        FixedType x = FixedType.signed(32, 32);
        FixedType w = FixedType.signed(31, 31);
        // product ap_fixed<63,63>; with acc <63,63> the sum is <64,64>, with acc <64,64> it is <65,65>.
        for (int accBits : new int[] {63, 64}) {
            FixedType acc = FixedType.signed(accBits, accBits);
            FixedType out = FixedType.parse("ap_fixed<64,64,AP_TRN,AP_SAT>");
            long[] wts = {Integer.MIN_VALUE / 2, Integer.MIN_VALUE / 2, Integer.MIN_VALUE / 2, (1L << 30) - 1};
            QPointwiseConv2d pw = new QPointwiseConv2d("pw", 4, 1, wts, null, new AccTypes(w, w, acc, out));
            QNetwork net = new QNetwork("edge", new Dims(4, 1, 2), x, List.of(pw));
            FixedForward fwd = new FixedForward(net);
            assertEquals(accBits == 64, fwd.wideLayers().contains("pw"), "acc bits " + accBits);
            long m = Integer.MIN_VALUE;
            long[] in = {m, m, m, m, m, m, Integer.MAX_VALUE, m};
            Trace t = fwd.run(in);
            BigInteger[] big = new BigInteger[in.length];
            for (int i = 0; i < in.length; i++) {
                big[i] = BigInteger.valueOf(in[i]);
            }
            ReferenceForward.Layer ref = ReferenceForward.run(net, big).get(0);
            for (int i = 0; i < 2; i++) {
                assertEquals(ref.values()[i], t.output().rawBig(i));
            }
            assertEquals(ref.acc(), t.output().accStats());
            // 3 × 2^61 does not fit 63 bits: the narrower accumulator wraps.
            assertEquals(accBits == 63, t.output().accStats().wrapped > 0);
        }
    }

    @Test
    void wideInputTypeTakesBigIntegers() {
        FixedType x = FixedType.parse("ap_fixed<80,40>");
        QRelu relu = new QRelu("relu", FixedType.parse("ap_fixed<70,40>"));
        QNetwork net = new QNetwork("w", new Dims(2, 1, 1), x, List.of(relu));
        FixedForward fwd = new FixedForward(net);
        BigInteger big = BigInteger.ONE.shiftLeft(70).add(BigInteger.valueOf(1023)); // 1024 + 1023/1024 - 10 bits dropped
        Trace t = fwd.run(new BigInteger[] {big, big.negate()});
        assertEquals(BigInteger.ONE.shiftLeft(60), t.output().rawBig(0)); // TRN drops the low 10 bits
        assertEquals(BigInteger.ZERO, t.output().rawBig(1));
        assertEquals(1, t.output().outStats().quantized);
        assertThrows(IllegalArgumentException.class, () -> fwd.run(new long[] {1, 2}));
        assertEquals(List.of("relu"), fwd.wideLayers());
        FixedTensor tensor = t.output().tensor();
        assertEquals("BigInteger", tensor.storage());
    }

    @Test
    void badInputIsRejectedWithOneLineMessages() {
        QNetwork net = windowSums(FixedType.parse("ap_fixed<16,8>"));
        FixedForward fwd = new FixedForward(net);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fwd.run(new long[8]));
        assertEquals("input has 8 values, the network expects 9 (1x3x3)", e.getMessage());
        long[] x = oneToNine();
        x[4] = 128;
        e = assertThrows(IllegalArgumentException.class, () -> fwd.run(x));
        assertEquals("input raw [4] = 128 is out of range of ap_fixed<8,5>", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> fwd.run((long[]) null));
        BigInteger[] big = new BigInteger[9];
        java.util.Arrays.fill(big, BigInteger.ONE);
        big[2] = BigInteger.valueOf(-129);
        e = assertThrows(IllegalArgumentException.class, () -> fwd.run(big));
        assertTrue(e.getMessage().startsWith("input raw [2]"), e.getMessage());
        FixedTensor wrongType = FixedTensor.quantize(new double[9], new int[] {1, 3, 3}, FixedType.parse("ap_fixed<8,4>"));
        e = assertThrows(IllegalArgumentException.class, () -> fwd.run(wrongType));
        assertEquals("input has type ap_fixed<8,4>, the network expects ap_fixed<8,5>", e.getMessage());
        FixedTensor wrongShape = FixedTensor.quantize(new double[9], new int[] {3, 3, 1}, Q8_5);
        assertThrows(IllegalArgumentException.class, () -> fwd.run(wrongShape));
        FixedTensor ok = FixedTensor.quantize(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new int[] {1, 3, 3}, Q8_5);
        assertArrayEquals(new double[] {12, 16, 24, 28}, fwd.run(ok).output().values());
    }

    @Test
    void traceNamesEveryLayerInOrder() {
        FixedType t = FixedType.parse("ap_fixed<16,6,AP_RND,AP_SAT>");
        AccTypes types = new AccTypes(t, t, FixedType.parse("ap_fixed<32,12>"), t);
        List<QLayer> layers = List.of(
                new QPointwiseConv2d("pw", 2, 3, new long[] {1024, 0, 0, 1024, 1024, 1024}, new long[] {0, 0, 512}, types),
                new QRelu("relu", t),
                new QGlobalAvgPool("gap", FixedType.parse("ap_fixed<24,10>"), FixedType.parse("ap_ufixed<8,0>"), 64, t),
                new QLinear("fc", 3, 1, new long[] {1024, 1024, 1024}, null, types));
        QNetwork net = new QNetwork("n", new Dims(2, 2, 2), t, layers);
        double[] in = {1, 2, 3, 4, -1, -2, -3, -4};
        Trace trace = new FixedForward(net).run(FixedTensor.quantize(in, new int[] {2, 2, 2}, t));
        assertEquals(List.of("pw", "relu", "gap", "fc"), trace.layers().stream().map(LayerTrace::name).toList());
        assertArrayEquals(new double[] {1, 2, 3, 4, -1, -2, -3, -4, 0.5, 0.5, 0.5, 0.5},
                trace.layer("pw").values());
        assertArrayEquals(new double[] {1, 2, 3, 4, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5}, trace.layer("relu").values());
        // recip 64/256 = 1/4: the means 2.5, 0 and 0.5
        assertArrayEquals(new double[] {2.5, 0, 0.5}, trace.layer("gap").values());
        assertArrayEquals(new double[] {3}, trace.output().values());
        assertEquals(new Dims(1, 1, 1), trace.output().dims());
        assertEquals(t, trace.output().type());
        assertThrows(IllegalArgumentException.class, () -> trace.layer("nope"));
        FixedStats total = trace.stats();
        // pw: 12 bias + 24 taps + 12 out; relu 12; gap 12 + 3; fc 3 taps + 1 out
        assertEquals(12 + 24 + 12 + 12 + 12 + 3 + 3 + 1, total.conversions);
    }
}
