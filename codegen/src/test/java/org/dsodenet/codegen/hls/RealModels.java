package org.dsodenet.codegen.hls;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.ops.fixed.FixedForward;
import org.dsodenet.ops.fixed.Trace;
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
import org.dsodenet.ops.fixed.types.Calibration;

/**
 * Quantized networks shaped like the project's models (module odenet, which codegen cannot depend on) after batch-norm
 * folding: pre-processing conv 3x3 (bias) + ReLU; three stages, each an ODE block whose f is
 * {@code dw3x3 -> pw1x1(bias) -> ReLU -> dw3x3 -> pw1x1(bias)} (dsODENet, with a time channel) or
 * {@code conv3x3(bias) -> ReLU -> conv3x3(bias)} (ODENet), with stride-2 conv 3x3 + ReLU downsampling between stages;
 * post-processing batch norm, ReLU, global average pooling and a linear classifier. Layer names follow the models'.
 *
 * <p>Weights are He-normal floats quantized as odenet's quantizer does (round to nearest even, the fewest integer
 * bits that hold the largest weight); output and state types are calibrated on the fixed-point forward itself (a
 * first build with wide types runs on calibration images); accumulators are exact ({@link AccumulatorSizer}).
 */
final class RealModels {
    enum Arch { DSODENET, ODENET }

    /** Bit widths of weights (and batch-norm constants), layer outputs (and the input), and ODE states. */
    record Precision(String name, int weightBits, int actBits, int stateBits) {}

    static final Precision FX8 = new Precision("fx8", 8, 8, 8);
    static final Precision FX16 = new Precision("fx16", 16, 16, 16);
    static final Precision MIXED = new Precision("w8a16", 8, 16, 16);

    static final Dims INPUT = new Dims(1, 12, 12);
    static final int[] CHANNELS = {4, 4, 8};
    static final int CLASSES = 10;
    static final int STEPS = 2;
    private static final int CALIBRATION_IMAGES = 32;
    private static final QuantMode ROUND = QuantMode.AP_RND_CONV;
    private static final OverflowMode SAT = OverflowMode.AP_SAT;
    /** Output and state type of the calibration build: wide enough that nothing saturates. */
    private static final FixedType CALIBRATING = new FixedType(true, 32, 14, ROUND, SAT, 0);

    private record Weights(FixedType type, long[] raws) {}

    private final Arch arch;
    private final Precision p;
    private final long seed;
    private final Map<String, Weights> weights = new HashMap<>();
    private Calibration cal;

    private RealModels(Arch arch, Precision p, long seed) {
        this.arch = arch;
        this.p = p;
        this.seed = seed;
    }

    /** The network for one architecture and precision; the same seed gives the same float weights at every precision. */
    static QNetwork build(Arch arch, Precision p, long seed) {
        RealModels m = new RealModels(arch, p, seed);
        QNetwork calibrating = m.network();
        Calibration c = new Calibration();
        for (Trace t : new FixedForward(calibrating, true).runBatch(images(calibrating.inputType(), CALIBRATION_IMAGES, ~seed))) {
            c.observe(t);
        }
        m.cal = c;
        return m.network();
    }

    /** Random images in [0, 1) as raws of the (unsigned) input type. */
    static List<long[]> images(FixedType t, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long one = 1L << t.fracBits();
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long[] x = new long[INPUT.size()];
            for (int j = 0; j < x.length; j++) {
                x[j] = r.nextLong(Math.min(one, t.maxRaw() + 1));
            }
            out.add(x);
        }
        return out;
    }

    private QNetwork network() {
        FixedType inType = FixedType.unsigned(p.actBits(), 1);
        List<QLayer> layers = new ArrayList<>();
        Dims d = INPUT;
        FixedType t = inType;
        t = add(layers, conv("pre.conv", INPUT.c(), CHANNELS[0], 1, t));
        t = add(layers, new QRelu("pre.relu", out("pre.relu", true)));
        for (int s = 0; s < 3; s++) {
            if (s > 0) {
                t = add(layers, conv("down" + s + ".conv", CHANNELS[s - 1], CHANNELS[s], 2, t));
                t = add(layers, new QRelu("down" + s + ".relu", out("down" + s + ".relu", true)));
            }
            d = new QNetwork("prefix", INPUT, inType, layers).outputDims();
            t = add(layers, ode("stage" + (s + 1), d));
        }
        int c = CHANNELS[2];
        Weights scale = weights("post.bn.scale", c, 0, 1.0, 0.2, p.weightBits());
        Weights shift = weights("post.bn.shift", c, 0, 0.0, 0.2, p.weightBits());
        t = add(layers, new QBatchNorm("post.bn", c, scale.raws, shift.raws, scale.type, shift.type, out("post.bn", false)));
        t = add(layers, new QRelu("post.relu", out("post.relu", true)));
        d = new QNetwork("prefix", INPUT, inType, layers).outputDims();
        int n = d.h() * d.w();
        FixedType rt = FixedType.unsigned(16, Calibration.intBits(1.0 / n, 16, false));
        long rr = Fx.fromDouble(1.0 / n, rt.withModes(ROUND, SAT, 0));
        t = add(layers, new QGlobalAvgPool("post.gap", AccumulatorSizer.pool(t, d), rt, rr, out("post.gap", true)));
        add(layers, linear("fc", c, CLASSES, t));
        return new QNetwork(arch.name().toLowerCase() + "_" + p.name(), INPUT, inType, layers);
    }

    private static FixedType add(List<QLayer> layers, QLayer l) {
        layers.add(l);
        return l.outputType();
    }

    private QOdeBlock ode(String stage, Dims d) {
        int c = d.c();
        boolean time = arch == Arch.DSODENET;
        double h = arch == Arch.DSODENET ? 0.5 : 0.25;
        String name = stage + ".ode";
        FixedType state;
        if (cal == null) {
            state = CALIBRATING;
        } else {
            double maxAbs = Math.max(cal.range(name).maxAbs(), time ? (STEPS - 1) * h : 0);
            state = new FixedType(true, p.stateBits(), Calibration.intBits(maxAbs, p.stateBits(), true), ROUND, SAT, 0);
        }
        int cin = c + (time ? 1 : 0);
        String f = stage + ".f.";
        List<QLayer> fl = new ArrayList<>();
        FixedType t = state;
        if (arch == Arch.DSODENET) {
            t = add(fl, depthwise(f + "dw1", cin, t));
            t = add(fl, pointwise(f + "pw1", cin, c, t));
            t = add(fl, new QRelu(f + "relu", out(f + "relu", true)));
            t = add(fl, depthwise(f + "dw2", c, t));
            add(fl, pointwise(f + "pw2", c, c, t));
        } else {
            t = add(fl, conv(f + "conv1", cin, c, 1, t));
            t = add(fl, new QRelu(f + "relu", out(f + "relu", true)));
            add(fl, conv(f + "conv2", c, c, 1, t));
        }
        // h = 2^e is the one-bit constant ap_ufixed<1,1+e>: the Euler product is a shift.
        return new QOdeBlock(name, fl, STEPS, FixedType.unsigned(1, 1 + Math.getExponent(h)), 1, state, time);
    }

    private FixedType out(String layer, boolean allowUnsigned) {
        return cal == null ? CALIBRATING : cal.type(layer, p.actBits(), ROUND, SAT, allowUnsigned);
    }

    /** Float weights N(mean, sd) drawn once per name (so every build and precision sees the same), quantized. */
    private Weights weights(String name, int n, int fanIn, double mean, double sd, int bits) {
        return weights.computeIfAbsent(name, k -> {
            SplittableRandom r = new SplittableRandom(seed ^ (long) k.hashCode() * 0x9E3779B97F4A7C15L);
            double s = fanIn > 0 ? Math.sqrt(2.0 / fanIn) : sd;
            double[] v = new double[n];
            double max = 0;
            for (int i = 0; i < n; i++) {
                v[i] = mean + s * gaussian(r);
                max = Math.max(max, Math.abs(v[i]));
            }
            FixedType t = FixedType.signed(bits, Calibration.intBits(max, bits, true));
            long[] raws = new long[n];
            for (int i = 0; i < n; i++) {
                raws[i] = Fx.fromDouble(v[i], t.withModes(ROUND, SAT, 0));
            }
            return new Weights(t, raws);
        });
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private interface MacLayer {
        QMac build(AccTypes types, long[] weights, long[] bias);
    }

    /** Weights, a bias (as wide as weight plus activation bits) when asked, and the exact accumulator. */
    private QLayer mac(String name, int nWeights, int fanIn, int nBias, FixedType in, MacLayer layer) {
        Weights w = weights(name + ".w", nWeights, fanIn, 0, 0, p.weightBits());
        Weights b = nBias > 0 ? weights(name + ".b", nBias, 0, 0, 0.1, Math.min(64, p.weightBits() + p.actBits())) : null;
        FixedType bt = b != null ? b.type : w.type;
        QMac probe = layer.build(new AccTypes(w.type, bt, FixedType.signed(64, 32), w.type), w.raws, b == null ? null : b.raws);
        AccTypes types = new AccTypes(w.type, bt, AccumulatorSizer.accumulator(probe, in), out(name, false));
        return layer.build(types, w.raws, b == null ? null : b.raws);
    }

    private QLayer conv(String name, int cIn, int cOut, int stride, FixedType in) {
        return mac(name, cOut * cIn * 9, cIn * 9, cOut, in, (t, w, b) -> new QConv2d(name, cIn, cOut, 3, stride, 1, w, b, t));
    }

    private QLayer depthwise(String name, int c, FixedType in) {
        return mac(name, c * 9, 9, 0, in, (t, w, b) -> new QDepthwiseConv2d(name, c, 3, 1, 1, w, b, t));
    }

    private QLayer pointwise(String name, int cIn, int cOut, FixedType in) {
        return mac(name, cOut * cIn, cIn, cOut, in, (t, w, b) -> new QPointwiseConv2d(name, cIn, cOut, w, b, t));
    }

    private QLayer linear(String name, int in, int out, FixedType inType) {
        return mac(name, out * in, in, out, inType, (t, w, b) -> new QLinear(name, in, out, w, b, t));
    }
}
