package org.dsodenet.ops.fixed.types;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.ops.fixed.FixedForward;
import org.dsodenet.ops.fixed.LayerTrace;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QGlobalAvgPool;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QOdeBlock;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.dsodenet.ops.fixed.model.QRelu;
import org.junit.jupiter.api.Test;

class AccumulatorSizerTest {
    private static final QuantMode TRN = QuantMode.AP_TRN;
    private static final OverflowMode SAT = OverflowMode.AP_SAT;

    @Test
    void handWorkedPointwise() {
        // x in ap_fixed<8,4> = [-8, 8 - 1/16]; weights +1 and -1: |sum| <= 2 * 8 = 16, reached only as -8*1 + -8*-1?
        // No: the extremes are 1*(-8) + (-1)*(7.9375) = -15.9375 and 1*7.9375 + (-1)*(-8) = 15.9375, at LSB 2^-10
        // (4 + 6 fractional bits). ap_fixed<15,5> holds [-16, 16 - 2^-10]; ap_fixed<14,4> only [-8, 8).
        FixedType x = FixedType.parse("ap_fixed<8,4>");
        FixedType w = FixedType.parse("ap_fixed<8,2>");
        QPointwiseConv2d pw = new QPointwiseConv2d("pw", 2, 1, new long[] {64, -64}, null,
                new AccTypes(w, w, FixedType.parse("ap_fixed<32,16>"), x));
        assertEquals(FixedType.parse("ap_fixed<15,5>"), AccumulatorSizer.accumulator(pw, x));
        // A bias of 0.5 (ap_fixed<4,1>, LSB 1/8) moves the upper bound to 16.4375: one more integer bit.
        QPointwiseConv2d biased = new QPointwiseConv2d("pw", 2, 1, new long[] {64, -64}, new long[] {4},
                new AccTypes(w, FixedType.parse("ap_fixed<4,1>"), FixedType.parse("ap_fixed<32,16>"), x));
        assertEquals(FixedType.parse("ap_fixed<16,6>"), AccumulatorSizer.accumulator(biased, x));
    }

    @Test
    void handWorkedPool() {
        // Four values of ap_ufixed<8,8> sum to at most 1020: 10 magnitude bits and a sign bit.
        assertEquals(FixedType.parse("ap_fixed<11,11>"),
                AccumulatorSizer.pool(FixedType.parse("ap_ufixed<8,8>"), new Dims(3, 2, 2)));
        // Signed ap_fixed<4,4> over 3 values: [-24, 21].
        assertEquals(FixedType.parse("ap_fixed<6,6>"), AccumulatorSizer.pool(FixedType.parse("ap_fixed<4,4>"),
                new Dims(1, 1, 3)));
    }

    @Test
    void rejectsLayersWithoutAccumulator() {
        QRelu relu = new QRelu("relu", FixedType.parse("ap_fixed<8,4>"));
        assertThrows(IllegalArgumentException.class, () -> AccumulatorSizer.accumulator(relu, relu.outputType()));
    }

    @Test
    void forNetworkCoversOdeFunctions() {
        FixedType t = FixedType.parse("ap_fixed<8,4>");
        AccTypes at = new AccTypes(t, t, FixedType.parse("ap_fixed<32,16>"), t);
        QOdeBlock ode = new QOdeBlock("ode", List.of(new QConv2d("fconv", 3, 2, 3, 1, 1, new long[3 * 2 * 9], null, at)),
                2, FixedType.parse("ap_ufixed<1,0>"), 1, FixedType.parse("ap_fixed<12,5>"), true);
        QNetwork net = new QNetwork("n", new Dims(2, 4, 4), t, List.of(
                new QDepthwiseConv2d("dw", 2, 3, 1, 1, new long[18], null, at), ode,
                new QGlobalAvgPool("gap", t, FixedType.parse("ap_ufixed<8,0>"), 16, t),
                new QLinear("fc", 2, 1, new long[] {1, 1}, null, at)));
        Map<String, FixedType> m = AccumulatorSizer.forNetwork(net);
        assertEquals(List.of("dw", "fconv", "gap", "fc"), List.copyOf(m.keySet()));
        // The ODE function's input is the state type (12 bits, 7 fractional): zero weights need one bit at F = 7 + 4.
        assertEquals(FixedType.signed(1, 1 - 11), m.get("fconv"));
        // The pool reads the ODE state ap_fixed<12,5>: 16 raws in [-2048, 2047] sum within [-32768, 32752].
        assertEquals(FixedType.parse("ap_fixed<16,9>"), m.get("gap"));
    }

    /** A layer at a single output position, so every tap of every output is used; kind 0..3. */
    private static QLayer layer(SplittableRandom r, int kind, FixedType wt, FixedType bt, FixedType xt, int k, int c,
                                int cout) {
        AccTypes t = new AccTypes(wt, bt, FixedType.signed(64, 32), FixedType.signed(64, 32));
        boolean hasBias = r.nextBoolean();
        switch (kind) {
            case 0:
                return new QConv2d("l", c, cout, k, 1, 0, raws(r, wt, cout * c * k * k), hasBias ? raws(r, bt, cout) : null, t);
            case 1:
                return new QDepthwiseConv2d("l", c, k, 1, 0, raws(r, wt, c * k * k), hasBias ? raws(r, bt, c) : null, t);
            case 2:
                return new QPointwiseConv2d("l", c, cout, raws(r, wt, cout * c), hasBias ? raws(r, bt, cout) : null, t);
            default:
                return new QLinear("l", c * k * k, cout, raws(r, wt, cout * c * k * k), hasBias ? raws(r, bt, cout) : null, t);
        }
    }

    private static long[] raws(SplittableRandom r, FixedType t, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            int pick = r.nextInt(4);
            out[i] = pick == 0 ? t.minRaw() : pick == 1 ? t.maxRaw() : t.minRaw() + r.nextLong(t.maxRaw() - t.minRaw() + 1);
        }
        return out;
    }

    private static FixedType type(SplittableRandom r, int maxW) {
        int w = 1 + r.nextInt(maxW);
        return FixedType.of(r.nextInt(3) != 0, w, r.nextInt(w + 7) - 3);
    }

    /** The layer with its accumulator replaced by {@code acc} (saturating) and an output type equal to it. */
    private static QLayer withAcc(QLayer l, FixedType acc) {
        FixedType a = acc.withModes(TRN, SAT, 0);
        if (l instanceof QConv2d c) {
            return new QConv2d("l", c.cIn(), c.cOut(), c.k(), 1, 0, c.weights(), c.bias(),
                    new AccTypes(c.types().weight(), c.types().bias(), a, a));
        } else if (l instanceof QDepthwiseConv2d c) {
            return new QDepthwiseConv2d("l", c.channels(), c.k(), 1, 0, c.weights(), c.bias(),
                    new AccTypes(c.types().weight(), c.types().bias(), a, a));
        } else if (l instanceof QPointwiseConv2d c) {
            return new QPointwiseConv2d("l", c.cIn(), c.cOut(), c.weights(), c.bias(),
                    new AccTypes(c.types().weight(), c.types().bias(), a, a));
        }
        QLinear c = (QLinear) l;
        return new QLinear("l", c.in(), c.out(), c.weights(), c.bias(), new AccTypes(c.types().weight(), c.types().bias(), a, a));
    }

    /**
     * Input driving output o to its largest (up) or smallest sum: each tap's input at the end of the range that makes
     * its product largest (smallest). Inputs of depthwise channels are independent, so one input serves all.
     */
    private static long[] adversarial(QLayer l, FixedType xt, int inSize, int o, boolean up) {
        long[] x = new long[inSize];
        long[] w;
        int per;
        int base;
        if (l instanceof QDepthwiseConv2d d) {
            w = d.weights();
            per = d.k() * d.k();
            for (int i = 0; i < inSize; i++) {
                x[i] = pick(w[i], xt, up);
            }
            return x;
        }
        w = l instanceof QConv2d c ? c.weights() : l instanceof QPointwiseConv2d p ? p.weights() : ((QLinear) l).weights();
        per = w.length / (l.outputDims(dimsOf(l, inSize)).c());
        base = o * per;
        for (int i = 0; i < inSize; i++) {
            x[i] = pick(w[base + i], xt, up);
        }
        return x;
    }

    private static Dims dimsOf(QLayer l, int inSize) {
        if (l instanceof QConv2d c) {
            return new Dims(c.cIn(), c.k(), c.k());
        } else if (l instanceof QDepthwiseConv2d d) {
            return new Dims(d.channels(), d.k(), d.k());
        } else if (l instanceof QPointwiseConv2d p) {
            return new Dims(p.cIn(), 1, 1);
        }
        return new Dims(inSize, 1, 1);
    }

    private static long pick(long w, FixedType xt, boolean up) {
        return (w >= 0) == up ? xt.maxRaw() : xt.minRaw();
    }

    @Test
    void sizedAccumulatorNeverOverflowsAndOneBitLessDoes() {
        qt().withExamples(scaled(400)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            FixedType xt = type(r, 12);
            FixedType wt = type(r, 12);
            FixedType bt = type(r, 12);
            int kind = r.nextInt(4);
            int k = 1 + r.nextInt(3);
            int c = 1 + r.nextInt(3);
            int cout = 1 + r.nextInt(3);
            QLayer base = layer(r, kind, wt, bt, xt, k, c, cout);
            FixedType acc = AccumulatorSizer.accumulator(base, xt);
            String msg = "seed " + seed + " " + base.getClass().getSimpleName() + " x " + xt + " w " + wt + " b " + bt
                    + " -> " + acc;
            Dims in = dimsOf(base, c * k * k);
            QLayer sized = withAcc(base, acc);
            int outs = sized.outputDims(in).c();
            FixedStats narrowEvents = new FixedStats();
            FixedForward fwd = new FixedForward(new QNetwork("n", in, xt, List.of(sized)));
            for (int o = 0; o < outs; o++) {
                for (boolean up : new boolean[] {true, false}) {
                    long[] x = adversarial(sized, xt, in.size(), o, up);
                    LayerTrace t = fwd.run(x).output();
                    assertEquals(0, t.accStats().overflowed() + t.accStats().quantized, msg);
                    assertEquals(exact(sized, xt, x, o, acc), t.rawBig(o), msg + " exact sum at output " + o);
                    if (acc.width() > 1) {
                        FixedType narrow = FixedType.signed(acc.width() - 1, acc.intBits() - 1);
                        QLayer l = withAcc(base, narrow);
                        narrowEvents.add(new FixedForward(new QNetwork("n", in, xt, List.of(l))).run(x).output().accStats());
                    }
                }
            }
            if (acc.width() > 1) {
                assertTrue(narrowEvents.saturated > 0, msg + ": one bit less must saturate on some extreme input");
            }
            // Random inputs never overflow either.
            long[] x = raws(r, xt, in.size());
            FixedStats s = fwd.run(x).output().accStats();
            assertEquals(0, s.overflowed() + s.quantized, msg);
        });
    }

    /** b + Σ w·x for output o, in raws of the accumulator's LSB, computed here from the model arrays. */
    private static BigInteger exact(QLayer l, FixedType xt, long[] x, int o, FixedType acc) {
        long[] w;
        long[] b;
        AccTypes t;
        int per;
        int xBase = 0;
        if (l instanceof QDepthwiseConv2d d) {
            w = d.weights();
            b = d.bias();
            t = d.types();
            per = d.k() * d.k();
            xBase = o * per;
        } else if (l instanceof QConv2d c) {
            w = c.weights();
            b = c.bias();
            t = c.types();
            per = c.cIn() * c.k() * c.k();
        } else if (l instanceof QPointwiseConv2d p) {
            w = p.weights();
            b = p.bias();
            t = p.types();
            per = p.cIn();
        } else {
            QLinear q = (QLinear) l;
            w = q.weights();
            b = q.bias();
            t = q.types();
            per = q.in();
        }
        int f = acc.fracBits();
        BigInteger sum = b == null ? BigInteger.ZERO
                : Fx.toBig(b[o], t.bias()).shiftLeft(f - t.bias().fracBits());
        for (int i = 0; i < per; i++) {
            BigInteger p = Fx.toBig(w[o * per + i], t.weight()).multiply(Fx.toBig(x[xBase + i], xt));
            sum = sum.add(p.shiftLeft(f - xt.fracBits() - t.weight().fracBits()));
        }
        return sum;
    }
}
