package org.dsodenet.ops.fixed;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.fixedpoint.testing.RandomTypes;
import org.dsodenet.ops.fixed.kernel.LayerKernel;
import org.dsodenet.ops.fixed.kernel.RawPlane;
import org.dsodenet.ops.fixed.kernel.Values;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QBatchNorm;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QOdeBlock;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.dsodenet.ops.fixed.model.QRelu;
import org.dsodenet.ops.fixed.types.AccumulatorSizer;
import org.junit.jupiter.api.Test;

/**
 * Networks shaped like the demo's students, whose raws the count-free forward keeps on float or double planes
 * through ReLU, batch norm, ODE entries, f and Euler updates: convolutions whose accumulators keep every bit,
 * element-wise layers and ODE states of narrow (float) or medium (double) types that add or drop fractional bits,
 * in AP_RND_CONV and AP_TRN with AP_SAT and AP_SAT_SYM, and now and then a mode that no real plane takes, so planes
 * also begin and end in the middle of a network. The forward without counts gives the reference's raws.
 */
class RealPlanesTest {

    @Test
    void realPlanesThroughElementwiseLayersAndOdeStatesEqualReference() {
        int[] seen = new int[6]; // element-wise layers on floats, on doubles; ODE states on floats, doubles; longs
        qt().withExamples(scaled(400)).forAll(longs().all()).checkAssert(seed -> {
            Chain c = new Chain(new SplittableRandom(seed));
            QNetwork net = c.network();
            BigInteger[] x = new BigInteger[net.input().size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = c.raw(net.inputType());
            }
            String msg = "seed " + seed + ": " + RandomNets.describe(net);
            FixedForward fwd = new FixedForward(net);
            seen[0] += fwd.elementwiseOn(RawPlane.FLOATS);
            seen[1] += fwd.elementwiseOn(RawPlane.DOUBLES);
            seen[2] += fwd.statesOn(RawPlane.FLOATS);
            seen[3] += fwd.statesOn(RawPlane.DOUBLES);
            seen[4] += fwd.elementwiseOn(RawPlane.LONGS) + fwd.statesOn(RawPlane.LONGS);
            List<ReferenceForward.Layer> want = ReferenceForward.run(net, x);
            BigInteger[] last = want.get(want.size() - 1).values();
            long[] raws = new long[x.length];
            for (int i = 0; i < x.length; i++) {
                raws[i] = x[i].longValue();
            }
            Values got = fwd.outputs(raws);
            assertEquals(last.length, got.size(), msg);
            for (int j = 0; j < last.length; j++) {
                assertEquals(last[j], got.big(j), msg + " [" + j + "]");
            }
        });
        String counts = Arrays.toString(seen) + ": element-wise on floats, doubles; states on floats, doubles; on longs";
        assertTrue(seen[0] > 100 && seen[1] > 100 && seen[2] > 40 && seen[3] > 40 && seen[4] > 40, counts);
    }

    /** A random chain of convolutions, element-wise layers and ODE blocks on one input. */
    private static final class Chain {
        private final SplittableRandom rnd;
        private final boolean narrow;
        private final int minW;
        private final int maxW;
        private int next;

        Chain(SplittableRandom rnd) {
            this.rnd = rnd;
            this.narrow = rnd.nextBoolean();
            this.minW = narrow ? 2 : 10;
            this.maxW = narrow ? 8 : 18;
        }

        QNetwork network() {
            Dims in = new Dims(1 + rnd.nextInt(3), 3 + rnd.nextInt(5), 3 + rnd.nextInt(5));
            FixedType inType = type();
            Dims d = in;
            FixedType t = inType;
            List<QLayer> layers = new ArrayList<>();
            for (int i = 0, n = 2 + rnd.nextInt(5); i < n; i++) {
                QLayer l = rnd.nextInt(3) == 0 ? ode(d, t) : layer(d, t, -1);
                layers.add(l);
                d = l.outputDims(d);
                t = l.outputType();
            }
            return new QNetwork("chain", in, inType, layers);
        }

        /** Mostly a type every real plane takes; one in eight has random modes. */
        FixedType type() {
            int w = minW + rnd.nextInt(maxW - minW + 1);
            boolean signed = rnd.nextInt(4) != 0;
            if (rnd.nextInt(8) == 0) {
                return RandomTypes.withRandomModes(rnd, FixedType.of(signed, w, rnd.nextInt(w + 5) - 2));
            }
            QuantMode q = rnd.nextBoolean() ? QuantMode.AP_RND_CONV : QuantMode.AP_TRN;
            OverflowMode o = rnd.nextInt(4) == 0 ? OverflowMode.AP_SAT_SYM : OverflowMode.AP_SAT;
            return new FixedType(signed, w, rnd.nextInt(w + 5) - 2, q, o, 0);
        }

        BigInteger raw(FixedType t) {
            BigInteger lo = signedMin(t);
            BigInteger span = BigInteger.ONE.shiftLeft(t.width());
            int pick = rnd.nextInt(6);
            BigInteger r = pick == 0 ? lo : pick == 1 ? lo.add(span).subtract(BigInteger.ONE)
                    : lo.add(BigInteger.valueOf(rnd.nextLong(1L << t.width())));
            return r;
        }

        private static BigInteger signedMin(FixedType t) {
            return t.signed() ? BigInteger.ONE.shiftLeft(t.width() - 1).negate() : BigInteger.ZERO;
        }

        long[] raws(FixedType t, int n) {
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = raw(t).longValue();
            }
            return out;
        }

        /**
         * A layer on d: convolution, depthwise, pointwise, ReLU or batch norm; {@code cout} fixes the output
         * channels (an ODE block's last layer), -1 leaves them free.
         */
        QLayer layer(Dims d, FixedType t, int cout) {
            int kind = rnd.nextInt(5);
            if (cout >= 0 && cout != d.c() && kind != 0 && kind != 2) {
                kind = rnd.nextBoolean() ? 0 : 2;
            }
            String name = "l" + next++;
            if (kind == 3) {
                return new QRelu(name, type());
            }
            if (kind == 4) {
                FixedType sc = constant();
                FixedType sh = constant();
                return new QBatchNorm(name, d.c(), raws(sc, d.c()), raws(sh, d.c()), sc, sh, type());
            }
            int k = kind == 2 ? 1 : 1 + 2 * rnd.nextInt(2);
            int oc = kind == 1 ? d.c() : cout >= 0 ? cout : 1 + rnd.nextInt(4);
            int per = kind == 1 ? k * k : kind == 2 ? d.c() : d.c() * k * k;
            FixedType wt = constant();
            FixedType bt = constant();
            long[] w = raws(wt, oc * per);
            long[] b = rnd.nextBoolean() ? raws(bt, oc) : null;
            FixedType probe = FixedType.signed(8, 4);
            FixedType acc = AccumulatorSizer.accumulator(mac(name, kind, d, oc, k, w, b,
                    new AccTypes(wt, bt, probe, probe)), t);
            return mac(name, kind, d, oc, k, w, b, new AccTypes(wt, bt, acc, type()));
        }

        FixedType constant() {
            int w = minW + rnd.nextInt(maxW - minW + 1);
            return FixedType.of(rnd.nextInt(4) != 0, w, rnd.nextInt(w + 3) - 1);
        }

        private static QMac mac(String name, int kind, Dims d, int cout, int k, long[] w, long[] b, AccTypes t) {
            switch (kind) {
                case 0:
                    return new QConv2d(name, d.c(), cout, k, 1, k / 2, w, b, t);
                case 1:
                    return new QDepthwiseConv2d(name, d.c(), k, 1, k / 2, w, b, t);
                default:
                    return new QPointwiseConv2d(name, d.c(), cout, w, b, t);
            }
        }

        /** An ODE block on d: f keeps h and w and ends with the state's channels. */
        QOdeBlock ode(Dims d, FixedType inType) {
            boolean time = rnd.nextBoolean();
            FixedType state = type();
            Dims fd = new Dims(d.c() + (time ? 1 : 0), d.h(), d.w());
            FixedType ft = state;
            List<QLayer> f = new ArrayList<>();
            for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
                QLayer l = layer(fd, ft, i == n - 1 ? d.c() : -1);
                f.add(l);
                fd = LayerKernel.plan(l, fd, ft).outDims();
                ft = l.outputType();
            }
            FixedType hType = FixedType.unsigned(1, 1 - rnd.nextInt(5));
            long hRaw = 1;
            if (rnd.nextInt(3) == 0) {
                hType = constant();
                hRaw = raw(hType).longValue();
            }
            return new QOdeBlock("ode" + next++, f, 1 + rnd.nextInt(3), hType, hRaw, state, time);
        }
    }
}
