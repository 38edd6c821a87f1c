package org.dsodenet.quant;

import java.util.ArrayList;
import java.util.List;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.ops.act.ReLU;
import org.dsodenet.ops.conv.Conv2d;
import org.dsodenet.ops.conv.DepthwiseConv2d;
import org.dsodenet.ops.conv.PointwiseConv2d;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.QBatchNorm;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QOdeBlock;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.linear.Linear;
import org.dsodenet.ops.ode.OdeBlock;
import org.dsodenet.ops.pool.GlobalAvgPool;

/**
 * Pairs every float parameter of a folded network with the raws and the type its quantized twin holds it in, for
 * the weight side of quantization-aware training: the float pass runs on the dequantized raws (fake-quantized
 * weights) and the master weights are kept inside the types' ranges.
 */
final class WeightSlots {
    /** One float parameter, its frozen type, and its raws in the network being evaluated. */
    record Slot(Param param, FixedType type, long[] raws) {}

    private WeightSlots() {}

    /** The slots of {@code folded} against {@code net}, which must be its quantized form (same structure). */
    static List<Slot> of(Sequential folded, QNetwork net) {
        List<Slot> out = new ArrayList<>();
        walk(folded.layers(), net.layers(), out);
        return out;
    }

    private static void walk(List<Layer> layers, List<QLayer> qs, List<Slot> out) {
        if (layers.size() != qs.size()) {
            throw new IllegalArgumentException("float and quantized networks differ in layer count");
        }
        for (int i = 0; i < layers.size(); i++) {
            QLayer q = qs.get(i);
            FoldedLayers.accept(layers.get(i), new FoldedLayerVisitor<Void>() {
                @Override
                public Void conv(Conv2d c) {
                    QConv2d k = FoldedLayers.twin(q, QConv2d.class, c);
                    mac(c.weight(), c.bias(), k.weights(), k.bias(), k.types(), out);
                    return null;
                }

                @Override
                public Void depthwise(DepthwiseConv2d c) {
                    QDepthwiseConv2d k = FoldedLayers.twin(q, QDepthwiseConv2d.class, c);
                    mac(c.weight(), c.bias(), k.weights(), k.bias(), k.types(), out);
                    return null;
                }

                @Override
                public Void pointwise(PointwiseConv2d c) {
                    QPointwiseConv2d k = FoldedLayers.twin(q, QPointwiseConv2d.class, c);
                    mac(c.weight(), c.bias(), k.weights(), k.bias(), k.types(), out);
                    return null;
                }

                @Override
                public Void linear(Linear c) {
                    QLinear k = FoldedLayers.twin(q, QLinear.class, c);
                    mac(c.weight(), c.bias(), k.weights(), k.bias(), k.types(), out);
                    return null;
                }

                @Override
                public Void affine(ChannelAffine a) {
                    QBatchNorm k = FoldedLayers.twin(q, QBatchNorm.class, a);
                    out.add(new Slot(a.scale(), k.scaleType(), k.scale()));
                    out.add(new Slot(a.shift(), k.shiftType(), k.shift()));
                    return null;
                }

                /** No weights: nothing to pair, whatever stands in the quantized network. */
                @Override
                public Void relu(ReLU r) {
                    return null;
                }

                @Override
                public Void pool(GlobalAvgPool g) {
                    return null;
                }

                @Override
                public Void ode(OdeBlock o, Sequential f) {
                    walk(f.layers(), FoldedLayers.twin(q, QOdeBlock.class, o).f(), out);
                    return null;
                }
            });
        }
    }

    private static void mac(Param w, Param b, long[] wr, long[] br, AccTypes t, List<Slot> out) {
        out.add(new Slot(w, t.weight(), wr));
        if (b != null) {
            out.add(new Slot(b, t.bias(), br));
        }
    }

    /** Overwrites every parameter with the value of its raws (the fake-quantized weights of the float pass). */
    static void writeDequantized(List<Slot> slots) {
        for (Slot s : slots) {
            float[] v = s.param().value();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) Fx.toDouble(s.raws()[i], s.type());
            }
        }
    }

    /**
     * Clamps every parameter into its type's range. Values beyond it quantize to the saturated raw anyway; clamping
     * stops the master weight from drifting out where its gradient no longer changes the network.
     */
    static void clamp(List<Slot> slots) {
        for (Slot s : slots) {
            float lo = (float) s.type().minValue();
            float hi = (float) s.type().maxValue();
            float[] v = s.param().value();
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.max(lo, Math.min(hi, v[i]));
            }
        }
    }
}
