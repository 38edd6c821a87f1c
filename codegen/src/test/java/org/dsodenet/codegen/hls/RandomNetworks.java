package org.dsodenet.codegen.hls;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.codegen.estimate.Part;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
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
import org.dsodenet.ops.testing.NetworkDescription;

/**
 * Random small networks for the C-simulation tests. Shapes and most types are random; what a suite of networks must
 * cover is planned from the network's index, so that a handful of networks reaches every feature: ROM and run-time
 * weights, ODE-only placement (two ODE blocks with a layer between them), ODE blocks with and without a time
 * channel, power-of-two and other step sizes, and accumulators wider than 64 bits. Accumulator modes cycle through
 * all 7 quantization and 5 overflow modes; accumulators are cut from the exact width
 * ({@link AccumulatorSizer}) by a few integer bits (so they overflow on some inputs) and a few fractional bits (so
 * they drop bits), one in five is left exact.
 */
final class RandomNetworks {
    /** Networks a suite should hold to cover the plan below. */
    static final int PLAN = 8;

    /** One generated case: the full network and the options it is deployed with. */
    record Case(int index, long seed, QNetwork net, HlsOptions options) {
        String describe() {
            return "network " + index + " (seed " + seed + ", " + options.weights() + (options.odeOnly() ? ", ode-only" : "")
                    + "): " + RandomNetworks.describe(net);
        }
    }

    private final SplittableRandom rnd;
    private final int index;
    private final boolean wide;
    private int names;
    private int accs;

    private RandomNetworks(int index, long seed) {
        this.rnd = new SplittableRandom(seed);
        this.index = index;
        this.wide = index % 3 == 2;
    }

    /** The network planned for {@code index} (0-based; the plan repeats every {@link #PLAN}), drawn from seed. */
    static Case generate(int index, long seed) {
        RandomNetworks g = new RandomNetworks(index, seed);
        int i = index % PLAN;
        boolean odeOnly = i == 3 || i == 6;
        WeightMode weights = i % 2 == 0 ? WeightMode.ROM : WeightMode.RUNTIME;
        QNetwork net = g.network(odeOnly, i % 4 < 2, i % 3 != 1);
        return new Case(index, seed, net, new HlsOptions("rnd_top", Part.ZCU104, 5, weights, odeOnly, false));
    }

    private String name(String kind) {
        return kind + "_" + names++;
    }

    private int between(int lo, int hi) {
        return lo + rnd.nextInt(hi - lo + 1);
    }

    private QNetwork network(boolean twoOdes, boolean time, boolean pow2) {
        Dims in = new Dims(between(1, 5), between(3, 9), between(3, 9));
        FixedType inType = FixedType.of(rnd.nextInt(3) != 0, between(4, 12), between(1, 4));
        List<QLayer> layers = new ArrayList<>();
        Dims d = in;
        FixedType t = inType;
        QLayer conv = conv(d, t, between(1, 5), false);
        d = add(layers, conv, d);
        t = conv.outputType();
        QLayer act = switch (rnd.nextInt(3)) {
            case 0 -> new QRelu(name("relu"), activation(t.intBits()));
            case 1 -> batchNorm(d.c(), t);
            default -> null;
        };
        if (act != null) {
            d = add(layers, act, d);
            t = act.outputType();
        }
        if (rnd.nextBoolean()) {
            int k = kernel();
            int stride = between(1, 2);
            int pad = pad(k, Math.min(d.h(), d.w()));
            QLayer dw = depthwise(name("dw"), d.c(), k, stride, pad, t);
            d = add(layers, dw, d);
            t = dw.outputType();
        }
        QOdeBlock ode = ode(d, t, time, pow2, index % PLAN == 5);
        d = add(layers, ode, d);
        t = ode.outputType();
        if (twoOdes) {
            QRelu between = new QRelu(name("relu"), activation(t.intBits()));
            d = add(layers, between, d);
            QOdeBlock second = ode(d, between.outputType(), !time, !pow2, false);
            d = add(layers, second, d);
            t = second.outputType();
        }
        switch (rnd.nextInt(3)) {
            case 0 -> {
                FixedType acc = accumulator(AccumulatorSizer.pool(t, d));
                int n = d.h() * d.w();
                FixedType rt = FixedType.unsigned(12, 0);
                QGlobalAvgPool gap = new QGlobalAvgPool(name("gap"), acc, rt, Math.min(4095, Math.round(4096.0 / n)),
                        activation(t.intBits()));
                d = add(layers, gap, d);
                d = add(layers, linear(name("fc"), d.size(), between(1, 5), gap.outputType()), d);
            }
            case 1 -> {
                QLayer pw = pointwise(name("pw"), d.c(), between(1, 5), t);
                d = add(layers, pw, d);
                add(layers, new QRelu(name("relu"), activation(pw.outputType().intBits())), d);
            }
            default -> add(layers, linear(name("fc"), d.size(), between(1, 5), t), d);
        }
        return new QNetwork("random_" + index, in, inType, layers);
    }

    private static Dims add(List<QLayer> layers, QLayer l, Dims d) {
        layers.add(l);
        return l.outputDims(d);
    }

    private int kernel() {
        return new int[] {1, 3, 5}[rnd.nextInt(3)];
    }

    /** Random padding below k, raised where needed so that the kernel fits the input. */
    private int pad(int k, int size) {
        return Math.min(k - 1, Math.max(rnd.nextInt(k), (k - size + 1) / 2));
    }

    private QLayer conv(Dims d, FixedType in, int cOut, boolean same) {
        int k = kernel();
        int stride = same ? 1 : between(1, 2);
        int pad = same ? k / 2 : pad(k, Math.min(d.h(), d.w()));
        return conv(name(same ? "oconv" : "conv"), d.c(), cOut, k, stride, pad, in);
    }

    /** Builds a multiply-accumulate layer from its types, weights and bias. */
    private interface MacLayer {
        QMac build(AccTypes types, long[] weights, long[] bias);
    }

    /**
     * A multiply-accumulate layer with random weights, a bias three times in four, and an accumulator derived from
     * the exact one for these weights and the input type.
     */
    private QLayer mac(int nWeights, int nBias, FixedType in, MacLayer layer) {
        FixedType wt = FixedType.signed(between(3, 10), between(0, 2));
        FixedType bt = FixedType.signed(between(6, 16), between(2, Math.max(2, in.intBits() + 2)));
        long[] w = raws(wt, nWeights);
        long[] b = rnd.nextInt(4) == 0 ? null : raws(bt, nBias);
        QMac probe = layer.build(new AccTypes(wt, bt, FixedType.signed(64, 32), wt), w, b);
        FixedType acc = accumulator(AccumulatorSizer.accumulator(probe, in));
        // The output's integer bits follow the accumulator's, so outputs neither all saturate nor all vanish.
        return layer.build(new AccTypes(wt, bt, acc, activation(Math.min(acc.intBits(), 24) - between(0, 4))), w, b);
    }

    private QLayer conv(String name, int cIn, int cOut, int k, int stride, int pad, FixedType in) {
        return mac(cOut * cIn * k * k, cOut, in, (t, w, b) -> new QConv2d(name, cIn, cOut, k, stride, pad, w, b, t));
    }

    private QLayer depthwise(String name, int c, int k, int stride, int pad, FixedType in) {
        return mac(c * k * k, c, in, (t, w, b) -> new QDepthwiseConv2d(name, c, k, stride, pad, w, b, t));
    }

    private QLayer pointwise(String name, int cIn, int cOut, FixedType in) {
        return mac(cOut * cIn, cOut, in, (t, w, b) -> new QPointwiseConv2d(name, cIn, cOut, w, b, t));
    }

    private QLayer linear(String name, int in, int out, FixedType inType) {
        return mac(out * in, out, inType, (t, w, b) -> new QLinear(name, in, out, w, b, t));
    }

    /**
     * An accumulator derived from the exact one. Modes cycle so that a suite sees all of them; the cut integer bits
     * make it overflow on some inputs, the cut fractional bits make it drop bits. In the planned wide networks half
     * of the accumulators are wider than 64 bits (still a little short of integer bits).
     */
    private FixedType accumulator(FixedType exact) {
        int n = accs++;
        OverflowMode o = OverflowMode.fromIndex((n + index) % 5);
        QuantMode q = QuantMode.fromIndex((n * 3 + index) % 7);
        int intBits;
        int frac;
        if (wide && rnd.nextBoolean()) {
            intBits = Math.max(1, exact.intBits() - between(0, 3));
            frac = Math.max(exact.fracBits() + between(0, 8), 65 + between(0, 30) - intBits);
        } else if (rnd.nextInt(5) == 0) {
            intBits = Math.max(1, exact.intBits());
            frac = exact.fracBits();
        } else {
            // I >= 1 and F >= 0 (see activation) keep every conversion inside what Xilinx's C simulation accepts.
            intBits = Math.max(1, exact.intBits() - between(1, 6));
            frac = Math.max(0, exact.fracBits() - between(1, 4));
        }
        int w = Math.max(2, intBits + frac);
        boolean signed = o == OverflowMode.AP_WRAP_SM || rnd.nextInt(6) != 0;
        int satBits = o == OverflowMode.AP_WRAP || o == OverflowMode.AP_WRAP_SM ? between(0, Math.min(3, w)) : 0;
        return new FixedType(signed, w, intBits, q, o, satBits);
    }

    /**
     * A layer output type (4 to 16 bits, a third unsigned, random modes) with about {@code aroundInt} integer bits.
     * All types here have I >= 0 and F >= 0: Xilinx's headers abort on a rounding conversion whose destination LSB
     * lies above the source's MSB (SEMANTICS.md), which such types rule out, so that the same projects can be
     * cross-checked against those headers. The Java forward and the host model compute such conversions exactly.
     */
    private FixedType activation(int aroundInt) {
        boolean signed = rnd.nextInt(3) != 0;
        int w = between(4, 16);
        int i = Math.max(1, Math.min(w, aroundInt - between(0, 2)));
        QuantMode q = QuantMode.fromIndex(rnd.nextInt(7));
        OverflowMode o = OverflowMode.fromIndex(rnd.nextInt(signed ? 5 : 4));
        int n = o == OverflowMode.AP_WRAP || o == OverflowMode.AP_WRAP_SM ? between(0, Math.min(2, w)) : 0;
        return new FixedType(signed, w, i, q, o, n);
    }

    private QBatchNorm batchNorm(int c, FixedType in) {
        FixedType sc = FixedType.signed(between(5, 10), between(1, 3));
        FixedType sh = FixedType.signed(between(5, 12), Math.max(1, in.intBits()));
        return new QBatchNorm(name("bn"), c, raws(sc, c), raws(sh, c), sc, sh, activation(in.intBits() + 1));
    }

    /**
     * An ODE block on state d whose f keeps the shape: dw-pw-relu (dsODENet-like), conv-relu-conv (ODENet-like) or
     * bn-relu-pw-dw. The state type is 8 to 16 bits (66 to 80 in a wide network when {@code wideState}).
     */
    private QOdeBlock ode(Dims d, FixedType in, boolean time, boolean pow2, boolean wideState) {
        int w = wideState ? between(66, 80) : between(8, 16);
        boolean signed = rnd.nextInt(4) != 0;
        QuantMode q = QuantMode.fromIndex(rnd.nextInt(7));
        OverflowMode o = OverflowMode.fromIndex(rnd.nextInt(signed ? 5 : 4));
        int n = o == OverflowMode.AP_WRAP || o == OverflowMode.AP_WRAP_SM ? between(0, 2) : 0;
        FixedType state = new FixedType(signed, w, Math.max(2, Math.min(in.intBits() + 1, w - 2)), q, o, n);
        int c = d.c();
        Dims fd = new Dims(c + (time ? 1 : 0), d.h(), d.w());
        List<QLayer> f = new ArrayList<>();
        FixedType t = state;
        switch (rnd.nextInt(3)) {
            case 0 -> {
                int k = kernel();
                t = fAdd(f, depthwise(name("odw"), fd.c(), k, 1, k / 2, t));
                t = fAdd(f, pointwise(name("opw"), fd.c(), c, t));
                fAdd(f, new QRelu(name("orelu"), activation(t.intBits())));
            }
            case 1 -> {
                int m = between(1, 5);
                t = fAdd(f, conv(fd, t, m, true));
                t = fAdd(f, new QRelu(name("orelu"), activation(t.intBits())));
                fAdd(f, conv(new Dims(m, d.h(), d.w()), t, c, true));
            }
            default -> {
                t = fAdd(f, batchNorm(fd.c(), t));
                t = fAdd(f, new QRelu(name("orelu"), activation(t.intBits())));
                t = fAdd(f, pointwise(name("opw"), fd.c(), c, t));
                int k = kernel();
                fAdd(f, depthwise(name("odw"), c, k, 1, k / 2, t));
            }
        }
        FixedType hType;
        long hRaw;
        if (pow2) {
            hType = FixedType.unsigned(1, 1 - between(0, 3));
            hRaw = 1;
        } else {
            hType = FixedType.unsigned(between(6, 10), 0);
            do {
                hRaw = between(3, (int) hType.maxRaw());
            } while (Long.bitCount(hRaw) == 1);
        }
        return new QOdeBlock(name("ode"), f, between(1, 3), hType, hRaw, state, time);
    }

    private static FixedType fAdd(List<QLayer> f, QLayer l) {
        f.add(l);
        return l.outputType();
    }

    /** Raws of t: a quarter at the ends of the range or zero, the rest uniform. */
    long[] raws(FixedType t, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (rnd.nextInt(12)) {
                case 0 -> t.minRaw();
                case 1 -> t.maxRaw();
                case 2 -> 0;
                default -> rnd.nextLong(t.minRaw(), t.maxRaw() + 1);
            };
        }
        return out;
    }

    /** {@code count} random inputs for a network, drawn from {@code seed}. */
    static List<long[]> inputs(QNetwork net, int count, long seed) {
        RandomNetworks g = new RandomNetworks(0, seed);
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(g.raws(net.inputType(), net.input().size()));
        }
        return out;
    }

    /** A one-line description for failure messages. */
    static String describe(QNetwork net) {
        return NetworkDescription.of(net);
    }
}
