package org.dsodenet.quant;

import java.util.ArrayList;
import java.util.List;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.ops.act.ReLU;
import org.dsodenet.ops.conv.Conv2d;
import org.dsodenet.ops.conv.DepthwiseConv2d;
import org.dsodenet.ops.conv.PointwiseConv2d;
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
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.linear.Linear;
import org.dsodenet.ops.ode.OdeBlock;
import org.dsodenet.ops.pool.GlobalAvgPool;

/**
 * Post-training quantization of a folded float network into a {@link QNetwork}: weights round to nearest even in
 * per-layer types whose integer bits fit the largest weight; outputs take calibrated types (round to nearest even,
 * saturate; ReLU and pooling outputs unsigned); accumulators are exact (or capped, see {@link Precision}); an ODE
 * step of 2^-s becomes the one-bit constant {@code ap_ufixed<1,1-s>}, an exact shift.
 */
public final class Quantizer {
    private static final QuantMode ROUND = QuantMode.AP_RND_CONV;
    private static final OverflowMode SAT = OverflowMode.AP_SAT;

    private final Calibration cal;
    private final LayerPrecisions precisions;

    private Quantizer(Calibration cal, LayerPrecisions precisions) {
        this.cal = cal;
        this.precisions = precisions;
    }

    /** Quantizes a folded network whose ranges were observed with {@link FloatObserver} into {@code cal}. */
    public static QNetwork quantize(String name, Sequential folded, Dims input, Calibration cal, Precision p) {
        return quantize(name, folded, input, cal, LayerPrecisions.uniform(p));
    }

    /**
     * {@link #quantize(String, Sequential, Dims, Calibration, Precision)} with a precision per layer; an override
     * that matches no layer is an error.
     */
    public static QNetwork quantize(String name, Sequential folded, Dims input, Calibration cal, LayerPrecisions lp) {
        Quantizer q = new Quantizer(cal, lp);
        FixedType inType = cal.type("input", lp.of("input").actBits(), ROUND, SAT, true);
        List<QLayer> layers = q.layers(folded.layers(), input, inType);
        List<String> names = new ArrayList<>(List.of("input"));
        QNetwork.flatten(layers).forEach(l -> names.add(l.name()));
        List<LayerPrecisions.Override> unused = lp.unused(names);
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("layer precision '" + unused.get(0).glob() + "' matches no layer; layers are "
                    + String.join(", ", names));
        }
        return new QNetwork(name, input, inType, layers);
    }

    /**
     * The network {@code frozen} with every weight, bias and batch-norm constant re-quantized from the current values
     * of the folded float network {@code folded}, in the types {@code frozen} already has: round to nearest even and
     * saturate into the frozen type. Nothing else changes (types, accumulators, the ODE step), so this is the
     * network quantization-aware training evaluates after every update of its float master weights. {@code folded}
     * must have the structure {@code frozen} was quantized from (same layers, names and sizes).
     */
    public static QNetwork requantize(QNetwork frozen, Sequential folded) {
        return new QNetwork(frozen.name(), frozen.input(), frozen.inputType(),
                requantize(frozen.layers(), folded.layers(), frozen.name()));
    }

    private static List<QLayer> requantize(List<QLayer> frozen, List<Layer> folded, String net) {
        if (frozen.size() != folded.size()) {
            throw new IllegalArgumentException(net + ": the float network has " + folded.size()
                    + " layers where the quantized one has " + frozen.size());
        }
        List<QLayer> out = new ArrayList<>(frozen.size());
        for (int i = 0; i < frozen.size(); i++) {
            out.add(requantize(frozen.get(i), folded.get(i)));
        }
        return out;
    }

    private static QLayer requantize(QLayer q, Layer l) {
        String name = l.name();
        if (!name.equals(q.name())) {
            throw new IllegalArgumentException("float layer " + name + " stands where quantized layer " + q.name() + " is");
        }
        return FoldedLayers.accept(l, new FoldedLayerVisitor<QLayer>() {
            @Override
            public QLayer conv(Conv2d f) {
                QConv2d c = FoldedLayers.twin(q, QConv2d.class, f);
                return new QConv2d(c.name(), c.cIn(), c.cOut(), c.k(), c.stride(), c.pad(),
                        round(f.weight().value(), c.types().weight()), round(f.bias(), c.bias(), c.types().bias()), c.types());
            }

            @Override
            public QLayer depthwise(DepthwiseConv2d f) {
                QDepthwiseConv2d c = FoldedLayers.twin(q, QDepthwiseConv2d.class, f);
                return new QDepthwiseConv2d(c.name(), c.channels(), c.k(), c.stride(), c.pad(),
                        round(f.weight().value(), c.types().weight()), round(f.bias(), c.bias(), c.types().bias()), c.types());
            }

            @Override
            public QLayer pointwise(PointwiseConv2d f) {
                QPointwiseConv2d c = FoldedLayers.twin(q, QPointwiseConv2d.class, f);
                return new QPointwiseConv2d(c.name(), c.cIn(), c.cOut(), round(f.weight().value(), c.types().weight()),
                        round(f.bias(), c.bias(), c.types().bias()), c.types());
            }

            @Override
            public QLayer linear(Linear f) {
                QLinear c = FoldedLayers.twin(q, QLinear.class, f);
                return new QLinear(c.name(), c.in(), c.out(), round(f.weight().value(), c.types().weight()),
                        round(f.bias(), c.bias(), c.types().bias()), c.types());
            }

            @Override
            public QLayer affine(ChannelAffine f) {
                QBatchNorm c = FoldedLayers.twin(q, QBatchNorm.class, f);
                return new QBatchNorm(c.name(), c.channels(), round(f.scale().value(), c.scaleType()),
                        round(f.shift().value(), c.shiftType()), c.scaleType(), c.shiftType(), c.outputType());
            }

            @Override
            public QLayer relu(ReLU f) {
                return FoldedLayers.twin(q, QRelu.class, f);
            }

            @Override
            public QLayer pool(GlobalAvgPool f) {
                return FoldedLayers.twin(q, QGlobalAvgPool.class, f);
            }

            @Override
            public QLayer ode(OdeBlock f, Sequential fs) {
                QOdeBlock c = FoldedLayers.twin(q, QOdeBlock.class, f);
                return new QOdeBlock(c.name(), requantize(c.f(), fs.layers(), c.name()), c.steps(), c.hType(), c.hRaw(),
                        c.stateType(), c.timeChannel());
            }
        });
    }

    /** A bias that the frozen network has no raws for stays absent; one that appeared or vanished is an error. */
    private static long[] round(Param bias, long[] frozen, FixedType t) {
        if ((bias == null) != (frozen == null)) {
            throw new IllegalArgumentException("bias presence differs between the float and the quantized layer");
        }
        return bias == null ? null : round(bias.value(), t);
    }

    /** Rounds to nearest even and saturates every value into {@code t}, the one rounding rule of all constants. */
    static long[] round(float[] v, FixedType t) {
        FixedType rounding = t.withModes(ROUND, SAT, 0);
        long[] raws = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException("cannot quantize a non-finite weight");
            }
            raws[i] = Fx.fromDouble(v[i], rounding);
        }
        return raws;
    }

    /** The quantized input of one image: round to nearest even and saturate into the network's input type. */
    public static long[] quantizeInput(QNetwork net, float[] image) {
        FixedType rounding = inputRounding(net.inputType());
        long[] raws = new long[image.length];
        for (int j = 0; j < image.length; j++) {
            raws[j] = Fx.fromDouble(image[j], rounding);
        }
        return raws;
    }

    /** The input type a quantized network expects, for quantizing images the same way. */
    public static FixedType inputRounding(FixedType inputType) {
        return inputType.withModes(ROUND, SAT, 0);
    }

    private List<QLayer> layers(List<Layer> layers, Dims d, FixedType t) {
        List<QLayer> out = new ArrayList<>();
        for (Layer l : layers) {
            QLayer q = layer(l, d, t);
            out.add(q);
            d = q.outputDims(d);
            t = q.outputType();
        }
        return out;
    }

    private QLayer layer(Layer l, Dims d, FixedType in) {
        String name = l.name();
        Precision p = precisions.of(name);
        return FoldedLayers.accept(l, new FoldedLayerVisitor<QLayer>() {
            @Override
            public QLayer conv(Conv2d c) {
                return mac(name, p, c.weight().value(), c.bias(), in, (w, b, t) -> new QConv2d(name, c.cIn(), c.cOut(),
                        c.window().k(), c.window().stride(), c.window().pad(), w, b, t));
            }

            @Override
            public QLayer depthwise(DepthwiseConv2d c) {
                return mac(name, p, c.weight().value(), c.bias(), in, (w, b, t) -> new QDepthwiseConv2d(name,
                        c.channels(), c.window().k(), c.window().stride(), c.window().pad(), w, b, t));
            }

            @Override
            public QLayer pointwise(PointwiseConv2d c) {
                return mac(name, p, c.weight().value(), c.bias(), in,
                        (w, b, t) -> new QPointwiseConv2d(name, c.cIn(), c.cOut(), w, b, t));
            }

            @Override
            public QLayer linear(Linear c) {
                return mac(name, p, c.weight().value(), c.bias(), in, (w, b, t) -> new QLinear(name, c.in(), c.out(), w, b, t));
            }

            @Override
            public QLayer affine(ChannelAffine a) {
                Weights s = quantize(a.scale().value(), p.weightBits());
                Weights t = quantize(a.shift().value(), p.weightBits());
                return new QBatchNorm(name, a.channels(), s.raws, t.raws, s.type, t.type, out(name, p, false));
            }

            @Override
            public QLayer relu(ReLU r) {
                return new QRelu(name, out(name, p, true));
            }

            @Override
            public QLayer pool(GlobalAvgPool g) {
                int n = d.h() * d.w();
                double recip = 1.0 / n;
                FixedType rt = FixedType.unsigned(16, Calibration.intBits(recip, 16, false));
                long rr = Fx.fromDouble(recip, rt.withModes(ROUND, SAT, 0));
                FixedType acc = cap(AccumulatorSizer.pool(in, d), p);
                return new QGlobalAvgPool(name, acc, rt, rr, out(name, p, true));
            }

            @Override
            public QLayer ode(OdeBlock o, Sequential f) {
                return Quantizer.this.ode(o, f, d, p);
            }
        });
    }

    /** Builds a multiply-accumulate layer from its raws and types. */
    @FunctionalInterface
    private interface MacLayer {
        QMac build(long[] weights, long[] bias, AccTypes types);
    }

    /**
     * A multiply-accumulate layer: rounded weights and bias, a calibrated output type, and the accumulator sized
     * for those actual weights (which needs the layer itself, hence the provisional build).
     */
    private QLayer mac(String name, Precision p, float[] weights, Param bias, FixedType in, MacLayer make) {
        Weights w = quantize(weights, p.weightBits());
        Weights b = bias(bias == null ? null : bias.value(), in, w.type, p);
        AccTypes provisional = new AccTypes(w.type, b.type, wide(), out(name, p, false));
        QMac probe = make.build(w.raws, b.raws, provisional);
        return make.build(w.raws, b.raws, withAcc(provisional, AccumulatorSizer.accumulator(probe, in), p));
    }

    private QLayer ode(OdeBlock o, Sequential fn, Dims d, Precision p) {
        double maxT = (o.steps() - 1) * (double) o.h();
        Calibration.Range r = cal.range(o.name());
        double maxAbs = Math.max(r.maxAbs(), o.timeChannel() ? maxT : 0);
        FixedType state = new FixedType(true, p.stateBits(), Calibration.intBits(maxAbs, p.stateBits(), true), ROUND, SAT, 0);
        double h = o.h();
        int e = Math.getExponent(h);
        FixedType ht;
        long hr;
        if (h == Math.scalb(1.0, e)) {
            ht = FixedType.unsigned(1, 1 + e); // one bit worth 2^e: the product is a shift
            hr = 1;
        } else {
            ht = FixedType.unsigned(16, Calibration.intBits(h, 16, false));
            hr = Fx.fromDouble(h, ht.withModes(ROUND, SAT, 0));
        }
        Dims fd = o.timeChannel() ? new Dims(d.c() + 1, d.h(), d.w()) : d;
        List<QLayer> f = layers(fn.layers(), fd, state);
        return new QOdeBlock(o.name(), f, o.steps(), ht, hr, state, o.timeChannel());
    }

    private record Weights(FixedType type, long[] raws) {}

    /** Bias: as wide as a product of input and weight, so it costs no accumulator bits of its own. */
    private static Weights bias(float[] b, FixedType in, FixedType w, Precision p) {
        if (b == null) {
            return new Weights(FixedType.signed(Math.min(64, p.weightBits() + p.actBits()), 1), null);
        }
        return quantize(b, Math.min(64, in.width() + w.width()));
    }

    /** Signed {@code bits} with the fewest integer bits that hold the largest value, rounded to nearest even. */
    private static Weights quantize(float[] v, int bits) {
        double max = 0;
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException("cannot quantize a non-finite weight");
            }
            max = Math.max(max, Math.abs(x));
        }
        FixedType t = FixedType.signed(bits, Calibration.intBits(max, bits, true));
        return new Weights(t, round(v, t));
    }

    private FixedType out(String layer, Precision p, boolean allowUnsigned) {
        return cal.type(layer, p.actBits(), ROUND, SAT, allowUnsigned);
    }

    private static FixedType wide() {
        return FixedType.signed(64, 32);
    }

    private static AccTypes withAcc(AccTypes t, FixedType exact, Precision p) {
        return new AccTypes(t.weight(), t.bias(), cap(exact, p), t.output());
    }

    /** Drops low bits of an exact accumulator down to the cap; the integer bits (never overflow) stay. */
    private static FixedType cap(FixedType exact, Precision p) {
        if (p.accBits() == 0 || exact.width() <= p.accBits()) {
            return exact;
        }
        return FixedType.signed(p.accBits(), exact.intBits());
    }
}
