package org.dsodenet.ops.fixed;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.List;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.ops.fixed.kernel.LongValues;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.junit.jupiter.api.Test;

/** The planned forward equals the scalar reference bit for bit, with equal conversion counts, on random networks. */
class FixedForwardPropertiesTest {

    /** Counts that show the random networks exercise what they should, summed over all examples of a property. */
    private static final class Coverage {
        long wrapped;
        long saturated;
        long quantized;
        long wideLayers;
        long fastLayers;
    }

    private static void check(long seed, double wideChance, int maxLayers, Coverage cov) {
        RandomNets r = new RandomNets(seed, wideChance);
        QNetwork net = r.network(maxLayers);
        BigInteger[] x = r.input(net);
        String msg = "seed " + seed + ": " + RandomNets.describe(net);
        FixedForward fwd = new FixedForward(net, true);
        Trace got = net.inputType().isFast() ? fwd.run(raws(x)) : fwd.run(x);
        List<ReferenceForward.Layer> want = ReferenceForward.run(net, x);
        assertEquals(want.size(), got.layers().size(), msg);
        for (int i = 0; i < want.size(); i++) {
            compare(want.get(i), got.layers().get(i), msg);
        }
        FixedStats total = got.stats();
        cov.wrapped += total.wrapped;
        cov.saturated += total.saturated;
        cov.quantized += total.quantized;
        int wide = fwd.wideLayers().size();
        cov.wideLayers += wide;
        cov.fastLayers += QNetwork.flatten(net.layers()).size() - wide;
    }

    private static long[] raws(BigInteger[] x) {
        long[] out = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].longValue();
        }
        return out;
    }

    private static void compare(ReferenceForward.Layer want, LayerTrace got, String msg) {
        String where = msg + " @ " + want.name();
        assertEquals(want.name(), got.name(), where);
        assertEquals(want.type(), got.type(), where);
        assertEquals(want.values().length, got.size(), where);
        for (int j = 0; j < want.values().length; j++) {
            assertEquals(want.values()[j], got.rawBig(j), where + "[" + j + "]");
        }
        assertEquals(want.acc(), got.accStats(), where + " accumulator counts");
        assertEquals(want.out(), got.outStats(), where + " output counts");
        assertEquals(want.steps().size(), got.steps().size(), where);
        for (int s = 0; s < want.steps().size(); s++) {
            ReferenceForward.Step ws = want.steps().get(s);
            StepTrace gs = got.steps().get(s);
            assertEquals(s, gs.step());
            for (int j = 0; j < ws.state().length; j++) {
                assertEquals(ws.state()[j], gs.rawBig(j), where + " step " + s + " state[" + j + "]");
            }
            assertEquals(ws.update(), gs.updateStats(), where + " step " + s + " update counts");
            assertEquals(ws.f().size(), gs.f().size());
            for (int l = 0; l < ws.f().size(); l++) {
                compare(ws.f().get(l), gs.f().get(l), msg + " step " + s);
            }
        }
    }

    @Test
    void fastNetworksEqualReference() {
        Coverage cov = new Coverage();
        qt().withExamples(scaled(400)).forAll(longs().all()).checkAssert(seed -> check(seed, 0, 4, cov));
        // The generator must reach every event the forward counts, and mostly the fast path.
        assertTrue(cov.wrapped > 0 && cov.saturated > 0 && cov.quantized > 0, "events reached");
        assertTrue(cov.fastLayers > 4 * cov.wideLayers, cov.fastLayers + " fast vs " + cov.wideLayers + " wide");
    }

    @Test
    void wideNetworksEqualReference() {
        Coverage cov = new Coverage();
        qt().withExamples(scaled(150)).forAll(longs().all()).checkAssert(seed -> check(seed, 0.4, 3, cov));
        assertTrue(cov.wideLayers > 50, cov.wideLayers + " wide layers");
    }

    @Test
    void batchEqualsOneByOneInOrder() {
        qt().withExamples(scaled(30)).forAll(longs().all()).checkAssert(seed -> {
            RandomNets r = new RandomNets(seed, 0);
            QNetwork net = r.network(3);
            FixedForward fwd = new FixedForward(net);
            java.util.List<long[]> inputs = new java.util.ArrayList<>();
            for (int i = 0; i < 9; i++) {
                inputs.add(raws(r.input(net)));
            }
            List<Trace> batch = fwd.runBatch(inputs);
            assertEquals(inputs.size(), batch.size());
            for (int i = 0; i < inputs.size(); i++) {
                Trace one = fwd.run(inputs.get(i));
                assertArrayEquals(((LongValues) one.output().raws()).raws(),
                        ((LongValues) batch.get(i).output().raws()).raws(), "sample " + i);
                assertEquals(one.stats(), batch.get(i).stats(), "sample " + i);
            }
            assertFalse(batch.isEmpty());
        });
    }

    /**
     * Accumulators sized just large enough for the weights (AccumulatorSizer), or one bit short, some dropping
     * fractional bits, on inputs at the ends of the input range that drive one output's partial sums to their
     * extremes: the boundary where the kernels switch from unchecked to checked accumulation.
     */
    @Test
    void tightAccumulatorsOnExtremeInputsEqualReference() {
        long[] unchecked = new long[1];
        qt().withExamples(scaled(500)).forAll(longs().all()).checkAssert(seed -> {
            RandomNets r = new RandomNets(seed, 0);
            java.util.SplittableRandom rnd = r.rnd;
            int kind = rnd.nextInt(4);
            int k = 1 + rnd.nextInt(3);
            int c = 1 + rnd.nextInt(3);
            FixedType xt = r.type(1, 12);
            FixedType wt = r.type(1, 12);
            FixedType bt = r.type(1, 12);
            AccTypes probe = new AccTypes(wt, bt, FixedType.signed(8, 4), FixedType.signed(8, 4));
            int cout = kind == 1 ? c : 1 + rnd.nextInt(3);
            int per = kind == 1 ? k * k : kind == 2 ? c : c * k * k;
            long[] w = r.raws(wt, cout * per);
            long[] b = rnd.nextBoolean() ? r.raws(bt, cout) : null;
            Dims in = kind == 2 ? new Dims(c, 1 + rnd.nextInt(3), 1) : kind == 3 ? new Dims(c * k * k, 1, 1)
                    : new Dims(c, k, k);
            QMac sizing = layer(kind, in, cout, k, w, b, probe);
            FixedType sized = org.dsodenet.ops.fixed.types.AccumulatorSizer.accumulator(sizing, xt);
            int lessFrac = rnd.nextInt(5);
            int lessInt = rnd.nextInt(3) == 0 ? 1 : 0;
            int width = Math.max(1, sized.width() - lessFrac - lessInt);
            QuantMode q = rnd.nextBoolean() ? QuantMode.AP_TRN : QuantMode.fromIndex(rnd.nextInt(7));
            OverflowMode o = OverflowMode.fromIndex(rnd.nextInt(5));
            FixedType acc = new FixedType(true, width, sized.intBits() - lessInt, q, o, 0);
            QLayer l = layer(kind, in, cout, k, w, b, new AccTypes(wt, bt, acc, r.type(1, 16)));
            QNetwork net = new QNetwork("tight", in, xt, List.of(l));
            int target = rnd.nextInt(cout);
            boolean up = rnd.nextBoolean();
            BigInteger[] x = new BigInteger[in.size()];
            for (int i = 0; i < x.length; i++) {
                long wi = kind == 1 ? w[i % (c * k * k)] : kind == 2 ? w[target * per + i / (in.h() * in.w())]
                        : w[target * per + i];
                x[i] = (wi >= 0) == up ? org.dsodenet.fixedpoint.WideFx.maxRaw(xt)
                        : org.dsodenet.fixedpoint.WideFx.minRaw(xt);
            }
            String msg = "seed " + seed + ": " + RandomNets.describe(net);
            FixedForward fwd = new FixedForward(net);
            Trace got = fwd.run(raws(x));
            compare(ReferenceForward.run(net, x).get(0), got.output(), msg);
            if (got.output().accStats().overflowed() == 0) {
                unchecked[0]++;
            }
        });
        assertTrue(unchecked[0] > 100, "cases without overflow: " + unchecked[0]);
    }

    private static QMac layer(int kind, Dims in, int cout, int k, long[] w, long[] b, AccTypes t) {
        switch (kind) {
            case 0:
                return new QConv2d("conv", in.c(), cout, k, 1, 0, w, b, t);
            case 1:
                return new QDepthwiseConv2d("dw", in.c(), k, 1, 0, w, b, t);
            case 2:
                return new QPointwiseConv2d("pw", in.c(), cout, w, b, t);
            default:
                return new QLinear("fc", in.size(), cout, w, b, t);
        }
    }
}
