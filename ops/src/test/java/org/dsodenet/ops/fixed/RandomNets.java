package org.dsodenet.ops.fixed;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.testing.RandomTypes;
import org.dsodenet.fixedpoint.testing.RawDraw;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QBatchNorm;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QGlobalAvgPool;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QOdeBlock;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.dsodenet.ops.fixed.model.QRelu;
import org.dsodenet.ops.testing.NetworkDescription;

/**
 * Random small quantized networks for property tests: random shapes, every layer kind, every quantization and
 * overflow mode, narrow accumulators (that wrap, saturate and drop bits) and, with {@code wideChance}, types wider
 * than 64 bits that force the exact path.
 */
final class RandomNets {
    /** Range ends and zero, else uniform; no forced ties (the layers' products make their own). */
    private static final RawDraw RAWS = new RawDraw(List.of(RawDraw.ZERO), 5, RawDraw.NO_TIES);

    final SplittableRandom rnd;
    /** Probability that an accumulator or activation type is wider than 64 bits. */
    final double wideChance;
    private int next;

    RandomNets(long seed, double wideChance) {
        this.rnd = new SplittableRandom(seed);
        this.wideChance = wideChance;
    }

    FixedType type(int minW, int maxW) {
        boolean signed = rnd.nextInt(4) != 0;
        int w = minW + rnd.nextInt(maxW - minW + 1);
        int i = rnd.nextInt(w + 9) - 4;
        return RandomTypes.withRandomModes(rnd, FixedType.of(signed, w, i));
    }

    /** An activation or output type: usually narrow, sometimes exactly 64 bits, sometimes wide. */
    FixedType activation() {
        double u = rnd.nextDouble();
        if (u < wideChance) {
            return type(65, 100);
        }
        if (u < wideChance + 0.05) {
            return type(60, 64);
        }
        return type(1, 16);
    }

    /** An accumulator type: from one bit (always overflowing) to 40, sometimes wide. */
    FixedType acc() {
        double u = rnd.nextDouble();
        if (u < wideChance) {
            return type(62, 120);
        }
        return type(1, 40);
    }

    FixedType constant() {
        return rnd.nextInt(20) == 0 ? type(60, 64) : type(1, 14);
    }

    long raw(FixedType t) {
        return rawBig(t).longValue();
    }

    BigInteger rawBig(FixedType t) {
        return RAWS.draw(rnd, t);
    }

    long[] raws(FixedType t, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = raw(t);
        }
        return out;
    }

    BigInteger[] input(QNetwork net) {
        BigInteger[] out = new BigInteger[net.input().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rawBig(net.inputType());
        }
        return out;
    }

    AccTypes accTypes() {
        return new AccTypes(constant(), constant(), acc(), activation());
    }

    private String name(String kind) {
        return kind + (next++);
    }

    /** A random network of up to {@code maxLayers} top-level layers on a small random input. */
    QNetwork network(int maxLayers) {
        Dims d = new Dims(1 + rnd.nextInt(4), 1 + rnd.nextInt(6), 1 + rnd.nextInt(6));
        Dims in = d;
        FixedType inType = activation();
        List<QLayer> layers = new ArrayList<>();
        int n = 1 + rnd.nextInt(maxLayers);
        for (int i = 0; i < n; i++) {
            QLayer l = layer(d, rnd.nextInt(9));
            layers.add(l);
            d = l.outputDims(d);
        }
        return new QNetwork("net", in, inType, layers);
    }

    /** A random layer of the given kind (0..8) fitting input dimensions d. */
    QLayer layer(Dims d, int kind) {
        switch (kind) {
            case 0: {
                int k = 1 + rnd.nextInt(Math.min(3, Math.max(d.h(), d.w()) + 1));
                int pad = rnd.nextInt(k);
                int stride = 1 + rnd.nextInt(2);
                if (d.h() + 2 * pad < k || d.w() + 2 * pad < k) {
                    pad = k - 1;
                }
                int cout = 1 + rnd.nextInt(4);
                AccTypes t = accTypes();
                return new QConv2d(name("conv"), d.c(), cout, k, stride, pad, raws(t.weight(), cout * d.c() * k * k),
                        bias(t, cout), t);
            }
            case 1: {
                int k = 1 + rnd.nextInt(3);
                int pad = rnd.nextInt(k);
                int stride = 1 + rnd.nextInt(2);
                if (d.h() + 2 * pad < k || d.w() + 2 * pad < k) {
                    pad = k - 1;
                }
                AccTypes t = accTypes();
                return new QDepthwiseConv2d(name("dw"), d.c(), k, stride, pad, raws(t.weight(), d.c() * k * k),
                        bias(t, d.c()), t);
            }
            case 2: {
                int cout = 1 + rnd.nextInt(4);
                AccTypes t = accTypes();
                return new QPointwiseConv2d(name("pw"), d.c(), cout, raws(t.weight(), cout * d.c()), bias(t, cout), t);
            }
            case 3: {
                FixedType sc = constant();
                FixedType sh = constant();
                return new QBatchNorm(name("bn"), d.c(), raws(sc, d.c()), raws(sh, d.c()), sc, sh, activation());
            }
            case 4:
                return new QRelu(name("relu"), activation());
            case 5: {
                FixedType rt = constant();
                return new QGlobalAvgPool(name("gap"), acc(), rt, raw(rt), activation());
            }
            case 6: {
                int out = 1 + rnd.nextInt(5);
                AccTypes t = accTypes();
                return new QLinear(name("fc"), d.size(), out, raws(t.weight(), out * d.size()), bias(t, out), t);
            }
            default:
                return ode(d);
        }
    }

    private long[] bias(AccTypes t, int n) {
        return rnd.nextInt(4) == 0 ? null : raws(t.bias(), n);
    }

    /** An ODE block on state d: f keeps h and w (odd kernels, half padding, stride 1) and ends with d.c() channels. */
    QOdeBlock ode(Dims d) {
        boolean time = rnd.nextBoolean();
        int c = d.c() + (time ? 1 : 0);
        int n = 1 + rnd.nextInt(3);
        List<QLayer> f = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean last = i == n - 1;
            int choice = rnd.nextInt(5);
            if (last && c != d.c() && choice > 1) {
                choice = rnd.nextInt(2);
            }
            int cout = last ? d.c() : 1 + rnd.nextInt(4);
            AccTypes t = accTypes();
            switch (choice) {
                case 0:
                    f.add(new QPointwiseConv2d(name("opw"), c, cout, raws(t.weight(), cout * c), bias(t, cout), t));
                    c = cout;
                    break;
                case 1: {
                    int k = rnd.nextBoolean() ? 1 : 3;
                    f.add(new QConv2d(name("oconv"), c, cout, k, 1, k / 2, raws(t.weight(), cout * c * k * k),
                            bias(t, cout), t));
                    c = cout;
                    break;
                }
                case 2: {
                    int k = rnd.nextBoolean() ? 1 : 3;
                    f.add(new QDepthwiseConv2d(name("odw"), c, k, 1, k / 2, raws(t.weight(), c * k * k), bias(t, c), t));
                    break;
                }
                case 3:
                    f.add(new QRelu(name("orelu"), activation()));
                    break;
                default: {
                    FixedType sc = constant();
                    FixedType sh = constant();
                    f.add(new QBatchNorm(name("obn"), c, raws(sc, c), raws(sh, c), sc, sh, activation()));
                }
            }
        }
        FixedType hType;
        long hRaw;
        if (rnd.nextBoolean()) {
            int s = rnd.nextInt(5);
            hType = FixedType.unsigned(1, 1 - s);
            hRaw = 1;
        } else {
            hType = constant();
            hRaw = raw(hType);
        }
        return new QOdeBlock(name("ode"), f, 1 + rnd.nextInt(3), hType, hRaw, activation(), time);
    }

    /** A one-line description for failure messages. */
    static String describe(QNetwork net) {
        return NetworkDescription.of(net);
    }
}
