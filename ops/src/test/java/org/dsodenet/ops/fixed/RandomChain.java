package org.dsodenet.ops.fixed;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.fixedpoint.testing.RandomTypes;
import org.dsodenet.ops.fixed.kernel.LayerKernel;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QBatchNorm;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QGlobalAvgPool;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QOdeBlock;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.dsodenet.ops.fixed.model.QRelu;
import org.dsodenet.ops.fixed.types.AccumulatorSizer;

/**
 * A random chain of convolutions, element-wise layers and ODE blocks on one input, shaped like the demo's students
 * (see {@link RealPlanesTest}). With {@code anyGeometry}, layers outside ODE blocks also take stride 2 and any
 * padding, and the chain may end in global average pooling and a linear layer; without it, the draws are
 * RealPlanesTest's own.
 */
final class RandomChain {
    private final SplittableRandom rnd;
    private final boolean narrow;
    private final int minW;
    private final int maxW;
    private final boolean anyGeometry;
    private int next;

    RandomChain(SplittableRandom rnd, boolean anyGeometry) {
        this.anyGeometry = anyGeometry;
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
            QLayer l = rnd.nextInt(3) == 0 ? ode(d, t) : layer(d, t, -1, anyGeometry);
            layers.add(l);
            d = l.outputDims(d);
            t = l.outputType();
        }
        if (anyGeometry && rnd.nextInt(3) == 0) {
            if (rnd.nextBoolean()) {
                FixedType recip = constant();
                QLayer gap = new QGlobalAvgPool("gap" + next++, type(), recip, raw(recip).longValue(), type());
                layers.add(gap);
                d = gap.outputDims(d);
                t = gap.outputType();
            }
            layers.add(mac("fc" + next++, 5, d, t, 1 + rnd.nextInt(4), 1, 1, 0));
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
        return layer(d, t, cout, false);
    }

    /** {@link #layer(Dims, FixedType, int)}, with any stride and padding when {@code free}. */
    QLayer layer(Dims d, FixedType t, int cout, boolean free) {
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
        int stride = 1;
        int pad = k / 2;
        if (free && kind != 2) {
            stride = 1 + rnd.nextInt(2);
            pad = rnd.nextInt(k);
            if (Math.min(d.h(), d.w()) + 2 * pad < k) {
                pad = k / 2;
            }
        }
        return mac(name, kind, d, t, oc, k, stride, pad);
    }

    /** A multiply-accumulate layer (kind 5: linear over d) with random weights and bias, accumulator sized to fit. */
    private QMac mac(String name, int kind, Dims d, FixedType t, int oc, int k, int stride, int pad) {
        int per = kind == 1 ? k * k : kind == 2 ? d.c() : kind == 5 ? d.size() : d.c() * k * k;
        FixedType wt = constant();
        FixedType bt = constant();
        long[] w = raws(wt, oc * per);
        long[] b = rnd.nextBoolean() ? raws(bt, oc) : null;
        FixedType probe = FixedType.signed(8, 4);
        FixedType acc = AccumulatorSizer.accumulator(mac(name, kind, d, oc, k, stride, pad, w, b,
                new AccTypes(wt, bt, probe, probe)), t);
        return mac(name, kind, d, oc, k, stride, pad, w, b, new AccTypes(wt, bt, acc, type()));
    }

    FixedType constant() {
        int w = minW + rnd.nextInt(maxW - minW + 1);
        return FixedType.of(rnd.nextInt(4) != 0, w, rnd.nextInt(w + 3) - 1);
    }

    private static QMac mac(String name, int kind, Dims d, int cout, int k, int stride, int pad, long[] w, long[] b,
                            AccTypes t) {
        switch (kind) {
            case 0:
                return new QConv2d(name, d.c(), cout, k, stride, pad, w, b, t);
            case 1:
                return new QDepthwiseConv2d(name, d.c(), k, stride, pad, w, b, t);
            case 5:
                return new QLinear(name, d.size(), cout, w, b, t);
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
