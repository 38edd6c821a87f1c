package org.dsodenet.ops.fixed;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.fixedpoint.WideFx;
import org.dsodenet.ops.fixed.kernel.ConvKernel;
import org.dsodenet.ops.fixed.kernel.LayerKernel;
import org.dsodenet.ops.fixed.kernel.LongValues;
import org.dsodenet.ops.fixed.kernel.RawPlane;
import org.dsodenet.ops.fixed.kernel.Values;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QOdeBlock;
import org.dsodenet.ops.fixed.types.AccumulatorSizer;
import org.junit.jupiter.api.Test;

/**
 * Output channels that planning moves to int or double accumulation give the reference's raws and counts, and the forward
 * without counts gives the same raws. The layers sit at the edge of the proof: accumulators sized just large enough
 * for the weights, one bit short or dropping fractional bits, in every overflow mode (AP_SAT_SYM included), products
 * near 2^31, on random inputs and on inputs at the ends of the range that drive a channel's partial sums to their
 * extremes.
 */
class IntAccumulationTest {

    @Test
    void intChannelsEqualReference() {
        long[] channels = new long[5]; // int, double, long; count-free on floats, on doubles
        // Products from a few bits to past 31, so the int proof holds for some channels and fails for others.
        qt().withExamples(scaled(600)).forAll(longs().all()).checkAssert(seed -> checkLayer(seed, 1, 16, channels));
        // Both sides of the proof must be reached often.
        assertTrue(channels[0] > 300, channels[0] + " int channels");
        assertTrue(channels[1] + channels[2] > 300, channels[1] + channels[2] + " long channels");
        // And both sides of the count-free forward's float proof (2^24).
        assertTrue(channels[3] > 300, channels[3] + " float channels");
        assertTrue(channels[4] > 100, channels[4] + " count-free double channels");
    }

    /**
     * The count-free forward's float and double proofs at their edges, on sums that reach the bound: a sum of
     * exactly 2^24 runs on floats, 2^24 + 1 (which a float would round to 2^24) on doubles, 2^53 on doubles, 2^53 + 1
     * (which a double would round) on longs; each gives the exact sum. The extreme inputs are the most negative raw
     * times the most negative weights, as pointwise, linear and 3x3 convolution (only the centre taps have weights).
     */
    @Test
    void realProofsHoldExactlyAtTheirBounds() {
        checkBound(23, false, 1, 0); // 2 * 2^23 = 2^24
        checkBound(23, true, 0, 1); // 2^24 + 1
        checkBound(52, false, 0, 1); // 2^53
        checkBound(52, true, 0, 0); // 2^53 + 1
    }

    private static void checkBound(int e, boolean plusOne, int floats, int doubles) {
        BoundLayers bound = BoundLayers.of(e, plusOne);
        Dims in = bound.in();
        FixedType xt = bound.inType();
        long[] x = bound.x();
        BigInteger want = bound.want();
        for (QMac l : bound.layers()) {
            ConvKernel kernel = (ConvKernel) LayerKernel.plan(l, in, xt);
            String msg = l.name() + " at 2^" + (e + 1) + (plusOne ? " + 1" : "");
            assertEquals(floats, kernel.floatChannels(), msg + ": float channels");
            assertEquals(doubles, kernel.realDoubleChannels(), msg + ": count-free double channels");
            FixedForward fwd = new FixedForward(new QNetwork("edge", in, xt, List.of(l)));
            Values got = fwd.outputs(x);
            LayerTrace ran = fwd.run(x).output();
            for (int j = 0; j < got.size(); j++) {
                assertEquals(want, got.big(j), msg + " [" + j + "]");
                assertEquals(ran.rawBig(j), got.big(j), msg + " [" + j + "] against run");
            }
        }
    }

    /**
     * The double accumulator: products from past 31 bits to past 53, so the double proof (every partial sum within
     * 2^53) holds for some channels and fails for others, with the same corners as the int layers.
     */
    @Test
    void doubleChannelsEqualReference() {
        long[] channels = new long[5];
        qt().withExamples(scaled(600)).forAll(longs().all()).checkAssert(seed -> checkLayer(seed, 14, 30, channels));
        assertTrue(channels[4] > 300, channels[4] + " count-free double channels");
        assertTrue(channels[1] > 300, channels[1] + " double channels");
        assertTrue(channels[2] > 300, channels[2] + " long channels");
    }

    /** One random MAC layer of activations and weights {@code minW..maxW} bits wide, against the reference. */
    private static void checkLayer(long seed, int minW, int maxW, long[] channels) {
        RandomNets r = new RandomNets(seed, 0);
        RandomMacLayer m = RandomMacLayer.draw(r, minW, maxW, 16);
        SplittableRandom rnd = r.rnd;
        int kind = m.kind();
        int per = m.per();
        int cout = m.cout();
        Dims in = m.in();
        FixedType xt = m.xt();
        long[] w = m.w();
        FixedType sized = m.sized();
        int lessFrac = rnd.nextInt(3) == 0 ? rnd.nextInt(6) : 0;
        int lessInt = rnd.nextInt(4) == 0 ? 1 : 0;
        int width = Math.max(1, sized.width() - lessFrac - lessInt);
        QuantMode q = rnd.nextInt(4) != 0 ? QuantMode.AP_TRN : QuantMode.fromIndex(rnd.nextInt(7));
        OverflowMode o = OverflowMode.fromIndex(rnd.nextInt(5));
        FixedType acc = new FixedType(true, width, sized.intBits() - lessInt, q, o, 0);
        QMac l = m.with(acc, r.type(1, 16));
        QNetwork net = new QNetwork("int", in, xt, List.of(l));
        BigInteger[] x = rnd.nextBoolean() ? r.input(net) : extremes(r, net, w, per, kind, cout, xt);
        String msg = "seed " + seed + ": " + RandomNets.describe(net);

        FixedForward fwd = new FixedForward(net);
        long[] raws = raws(x);
        Trace got = fwd.run(raws);
        ReferenceForward.Layer want = ReferenceForward.run(net, x).get(0);
        for (int j = 0; j < want.values().length; j++) {
            assertEquals(want.values()[j], got.output().rawBig(j), msg + " [" + j + "]");
        }
        assertEquals(want.acc(), got.output().accStats(), msg + " accumulator counts");
        assertEquals(want.out(), got.output().outStats(), msg + " output counts");
        assertArrayEquals(rawsOf(got.output().raws()), rawsOf(fwd.outputs(raws)), msg + " without counts");

        ConvKernel kernel = (ConvKernel) LayerKernel.plan(l, in, xt);
        channels[0] += kernel.intChannels();
        channels[1] += kernel.doubleChannels();
        channels[2] += cout - kernel.intChannels() - kernel.doubleChannels();
        channels[3 % channels.length] += kernel.floatChannels();
        channels[4 % channels.length] += kernel.realDoubleChannels();
    }

    /**
     * Whole random networks (ODE blocks included): the forward without counts gives run's output raws, one by one
     * and in a parallel batch.
     */
    @Test
    void outputsWithoutCountsEqualRun() {
        qt().withExamples(scaled(300)).forAll(longs().all()).checkAssert(seed -> {
            RandomNets r = new RandomNets(seed, 0);
            QNetwork net = r.network(4);
            if (!net.inputType().isFast()) {
                return;
            }
            long[] x = raws(r.input(net));
            FixedForward fwd = new FixedForward(net);
            LayerTrace want = fwd.run(x).output();
            Values got = fwd.outputs(x);
            String msg = "seed " + seed + ": " + RandomNets.describe(net);
            assertEquals(want.type(), got.type(), msg);
            for (int j = 0; j < want.size(); j++) {
                assertEquals(want.rawBig(j), got.big(j), msg + " [" + j + "]");
            }
            List<long[]> batch = List.of(x, raws(r.input(net)), raws(r.input(net)));
            List<Values> outs = fwd.outputsBatch(batch);
            assertEquals(batch.size(), outs.size(), msg);
            for (int i = 0; i < batch.size(); i++) {
                LayerTrace one = fwd.run(batch.get(i)).output();
                for (int j = 0; j < one.size(); j++) {
                    assertEquals(one.rawBig(j), outs.get(i).big(j), msg + " batch sample " + i + " [" + j + "]");
                }
            }
        });
    }

    /**
     * Chains of convolutions whose accumulators keep every bit, with narrow (float) or medium (double) types and
     * saturating AP_RND_CONV or AP_TRN outputs, like the demo's students: consecutive layers on real taps hand
     * their raws on as floats or doubles, at the top level and inside ODE blocks, and the forward without counts
     * still gives the reference's raws.
     */
    @Test
    void realPlanesBetweenLayersEqualReference() {
        int[] handoffs = new int[4]; // as floats, as doubles; then inside ODE blocks
        qt().withExamples(scaled(400)).forAll(longs().all()).checkAssert(seed -> {
            RandomNets r = new RandomNets(seed, 0);
            SplittableRandom rnd = r.rnd;
            boolean narrow = rnd.nextBoolean();
            int minW = narrow ? 2 : 10;
            int maxW = narrow ? 8 : 18;
            Dims d = new Dims(1 + rnd.nextInt(3), 3 + rnd.nextInt(6), 3 + rnd.nextInt(6));
            FixedType xt = r.type(minW, maxW);
            Dims in = d;
            FixedType t = xt;
            boolean ode = rnd.nextBoolean(); // the chain as an ODE block's f: keeps the state's shape
            List<QLayer> layers = new java.util.ArrayList<>();
            for (int i = 0, n = 2 + rnd.nextInt(3); i < n; i++) {
                int kind = rnd.nextInt(3);
                if (ode && i == n - 1 && kind == 1 && d.c() != in.c()) {
                    kind = 2; // a depthwise layer could not bring the channels back to the state's
                }
                int k = kind == 2 ? 1 : 1 + 2 * rnd.nextInt(2);
                int stride = !ode && kind < 2 && rnd.nextInt(4) == 0 ? 2 : 1;
                int cout = kind == 1 ? d.c() : ode && i == n - 1 ? in.c() : 1 + rnd.nextInt(4);
                int per = kind == 1 ? k * k : kind == 2 ? d.c() : d.c() * k * k;
                FixedType wt = r.type(minW, maxW);
                FixedType bt = r.type(minW, maxW);
                long[] w = r.raws(wt, cout * per);
                long[] b = rnd.nextBoolean() ? r.raws(bt, cout) : null;
                AccTypes probe = new AccTypes(wt, bt, FixedType.signed(8, 4), FixedType.signed(8, 4));
                FixedType acc = AccumulatorSizer.accumulator(layer(kind, d, cout, k, stride, k / 2, w, b, probe), t);
                int ow = minW + rnd.nextInt(maxW - minW + 1);
                FixedType out = new FixedType(rnd.nextInt(4) != 0, ow, rnd.nextInt(ow + 1),
                        rnd.nextBoolean() ? QuantMode.AP_RND_CONV : QuantMode.AP_TRN, OverflowMode.AP_SAT, 0);
                QMac l = RandomMacLayer.layer(String.valueOf(i), kind, d, cout, k, stride, k / 2, w, b,
                        new AccTypes(wt, bt, acc, out));
                layers.add(l);
                d = LayerKernel.plan(l, d, t).outDims();
                t = out;
            }
            List<QLayer> top = ode ? List.of(new QOdeBlock("ode", layers, 1 + rnd.nextInt(3),
                    FixedType.unsigned(1, 1 - rnd.nextInt(5)), 1, xt, false)) : layers;
            QNetwork net = new QNetwork("chain", in, xt, top);
            BigInteger[] x = r.input(net);
            String msg = "seed " + seed + ": " + RandomNets.describe(net);
            FixedForward fwd = new FixedForward(net);
            handoffs[ode ? 2 : 0] += fwd.handoffs(RawPlane.FLOATS);
            handoffs[ode ? 3 : 1] += fwd.handoffs(RawPlane.DOUBLES);
            List<ReferenceForward.Layer> want = ReferenceForward.run(net, x);
            BigInteger[] last = want.get(want.size() - 1).values();
            Values got = fwd.outputs(raws(x));
            assertEquals(last.length, got.size(), msg);
            for (int j = 0; j < last.length; j++) {
                assertEquals(last[j], got.big(j), msg + " [" + j + "]");
            }
        });
        String seen = java.util.Arrays.toString(handoffs) + " float, double handoffs; float, double inside ODEs";
        assertTrue(handoffs[0] > 40 && handoffs[1] > 40 && handoffs[2] > 40 && handoffs[3] > 40, seen);
    }

    /** Inputs at the ends of the range, signed by one channel's weights, so its partial sums reach an extreme. */
    private static BigInteger[] extremes(RandomNets r, QNetwork net, long[] w, int per, int kind, int cout,
                                         FixedType xt) {
        Dims in = net.input();
        int target = r.rnd.nextInt(cout);
        boolean up = r.rnd.nextBoolean();
        BigInteger[] x = new BigInteger[in.size()];
        int plane = in.h() * in.w();
        for (int i = 0; i < x.length; i++) {
            int ic = i / plane;
            long wi = kind == 1 ? w[ic * per] : kind == 2 ? w[target * per + ic] : kind == 3 ? w[target * per + i]
                    : w[(target * in.c() + ic) * per / in.c()];
            x[i] = (wi >= 0) == up ? WideFx.maxRaw(xt) : WideFx.minRaw(xt);
        }
        return x;
    }

    private static long[] raws(BigInteger[] x) {
        long[] out = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].longValue();
        }
        return out;
    }

    private static QMac layer(int kind, Dims in, int cout, int k, int stride, int pad, long[] w, long[] b,
                              AccTypes t) {
        return RandomMacLayer.layer("", kind, in, cout, k, stride, pad, w, b, t);
    }

    private static long[] rawsOf(Values v) {
        return ((LongValues) v).raws();
    }
}
