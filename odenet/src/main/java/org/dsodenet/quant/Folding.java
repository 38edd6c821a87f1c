package org.dsodenet.quant;

import java.util.ArrayList;
import java.util.List;
import org.dsodenet.ops.act.ReLU;
import org.dsodenet.ops.conv.Conv2d;
import org.dsodenet.ops.conv.DepthwiseConv2d;
import org.dsodenet.ops.conv.PointwiseConv2d;
import org.dsodenet.ops.layer.Flatten;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.LayerVisitor;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.layer.Residual;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.linear.Linear;
import org.dsodenet.ops.norm.BatchNorm2d;
import org.dsodenet.ops.norm.BatchNormFolding;
import org.dsodenet.ops.ode.OdeBlock;
import org.dsodenet.ops.pool.GlobalAvgPool;

/**
 * Turns a trained float model into its inference form, layer for layer the structure of the quantized network:
 * every batch norm that follows a convolution is folded into it (running statistics), any other batch norm becomes
 * a {@link ChannelAffine}. The source model is not modified. A layer the quantizer has no form for is rejected here.
 */
public final class Folding {
    private Folding() {}

    /** The inference form of {@code network}, any sequence of {@code ops} layers (nested sequences are flattened). */
    public static Sequential fold(Sequential network) {
        return new Sequential(fold(network.layers()));
    }

    static List<Layer> fold(List<Layer> layers) {
        List<Layer> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            BatchNorm2d next = i + 1 < layers.size() && layers.get(i + 1) instanceof BatchNorm2d bn ? bn : null;
            if (layers.get(i).accept(new Step(next, out))) {
                i++;
            }
        }
        return out;
    }

    /**
     * Appends the inference form of one layer to {@code out}; answers whether it took in {@code next}, the batch
     * norm that follows it (null if none does).
     */
    private record Step(BatchNorm2d next, List<Layer> out) implements LayerVisitor<Boolean> {
        @Override
        public Boolean conv(Conv2d l) {
            return next == null ? add(l, false) : add(BatchNormFolding.fold(l, next), true);
        }

        @Override
        public Boolean depthwise(DepthwiseConv2d l) {
            return next == null ? add(l, false) : add(BatchNormFolding.fold(l, next), true);
        }

        @Override
        public Boolean pointwise(PointwiseConv2d l) {
            return next == null ? add(l, false) : add(BatchNormFolding.fold(l, next), true);
        }

        @Override
        public Boolean batchNorm(BatchNorm2d l) {
            return add(affine(l), false);
        }

        @Override
        public Boolean ode(OdeBlock o) {
            if (!(o.f() instanceof Sequential f)) {
                throw new IllegalArgumentException(o.name() + ": only Sequential ODE functions can be folded");
            }
            return add(new OdeBlock(o.name(), new Sequential(fold(f.layers())), o.solver(), o.steps(), o.h(),
                    o.timeChannel()), false);
        }

        @Override
        public Boolean sequential(Sequential l) {
            out.addAll(fold(l.layers()));
            return false;
        }

        @Override public Boolean linear(Linear l) { return add(l, false); }
        @Override public Boolean relu(ReLU l) { return add(l, false); }
        @Override public Boolean pool(GlobalAvgPool l) { return add(l, false); }
        @Override public Boolean other(Layer l) { return add(FoldedLayers.affine(l), false); }

        // Rejected here, before calibration runs over the whole dataset, not in the quantizer after it.
        @Override public Boolean residual(Residual l) { throw FoldedLayers.noQuantizedForm(l); }
        @Override public Boolean flatten(Flatten l) { throw FoldedLayers.noQuantizedForm(l); }

        private boolean add(Layer l, boolean tookNext) {
            out.add(l);
            return tookNext;
        }
    }

    /**
     * A deep copy of a folded network: same structure and names, own parameter arrays and caches, so it can be
     * trained (quantization-aware training) without touching the original.
     */
    public static Sequential copy(Sequential folded) {
        return new Sequential(copy(folded.layers()));
    }

    private static List<Layer> copy(List<Layer> layers) {
        List<Layer> out = new ArrayList<>(layers.size());
        for (Layer l : layers) {
            out.add(copy(l));
        }
        return out;
    }

    private static Layer copy(Layer l) {
        return FoldedLayers.accept(l, COPY);
    }

    private static final FoldedLayerVisitor<Layer> COPY = new FoldedLayerVisitor<>() {
        @Override
        public Layer conv(Conv2d c) {
            return new Conv2d(c.name(), c.cIn(), c.cOut(), c.window(), c.weight().value().clone(), values(c.bias()));
        }

        @Override
        public Layer depthwise(DepthwiseConv2d c) {
            return new DepthwiseConv2d(c.name(), c.channels(), c.window(), c.weight().value().clone(), values(c.bias()));
        }

        @Override
        public Layer pointwise(PointwiseConv2d c) {
            return new PointwiseConv2d(c.name(), c.cIn(), c.cOut(), c.weight().value().clone(), values(c.bias()));
        }

        @Override
        public Layer linear(Linear c) {
            return new Linear(c.name(), c.in(), c.out(), c.weight().value().clone(), values(c.bias()));
        }

        @Override
        public Layer affine(ChannelAffine a) {
            return new ChannelAffine(a.name(), a.scale().value().clone(), a.shift().value().clone());
        }

        @Override
        public Layer relu(ReLU r) {
            return new ReLU(r.name());
        }

        @Override
        public Layer pool(GlobalAvgPool g) {
            return new GlobalAvgPool(g.name());
        }

        @Override
        public Layer ode(OdeBlock o, Sequential f) {
            return new OdeBlock(o.name(), new Sequential(copy(f.layers())), o.solver(), o.steps(), o.h(), o.timeChannel());
        }
    };

    private static float[] values(Param p) {
        return p == null ? null : p.value().clone();
    }

    static ChannelAffine affine(BatchNorm2d bn) {
        double[] s = bn.inferenceScale();
        double[] t = bn.inferenceShift();
        float[] a = new float[s.length];
        float[] b = new float[t.length];
        for (int c = 0; c < s.length; c++) {
            a[c] = (float) s[c];
            b[c] = (float) t[c];
        }
        return new ChannelAffine(bn.name(), a, b);
    }
}
