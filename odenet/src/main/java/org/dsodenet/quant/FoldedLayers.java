package org.dsodenet.quant;

import org.dsodenet.ops.act.ReLU;
import org.dsodenet.ops.conv.Conv2d;
import org.dsodenet.ops.conv.DepthwiseConv2d;
import org.dsodenet.ops.conv.PointwiseConv2d;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.linear.Linear;
import org.dsodenet.ops.ode.OdeBlock;
import org.dsodenet.ops.pool.GlobalAvgPool;

/** The one place that tells the kinds of a folded network's layers apart (see {@link FoldedLayerVisitor}). */
final class FoldedLayers {
    private FoldedLayers() {}

    static <R> R accept(Layer l, FoldedLayerVisitor<R> v) {
        if (l instanceof Conv2d c) {
            return v.conv(c);
        } else if (l instanceof DepthwiseConv2d c) {
            return v.depthwise(c);
        } else if (l instanceof PointwiseConv2d c) {
            return v.pointwise(c);
        } else if (l instanceof Linear c) {
            return v.linear(c);
        } else if (l instanceof ChannelAffine a) {
            return v.affine(a);
        } else if (l instanceof ReLU r) {
            return v.relu(r);
        } else if (l instanceof GlobalAvgPool g) {
            return v.pool(g);
        } else if (l instanceof OdeBlock o && o.f() instanceof Sequential f) {
            return v.ode(o, f);
        }
        throw new IllegalArgumentException("layer " + l.name() + " (" + l.getClass().getSimpleName()
                + ") has no quantized form; quantization takes convolutions, linear layers, batch norms, ReLU, global"
                + " average pooling and ODE blocks of those");
    }

    /** Checks the kind: the layer itself, or the error {@link #accept} gives for a kind it does not know. */
    static final FoldedLayerVisitor<Layer> KNOWN = new FoldedLayerVisitor<>() {
        @Override
        public Layer conv(Conv2d l) {
            return l;
        }

        @Override
        public Layer depthwise(DepthwiseConv2d l) {
            return l;
        }

        @Override
        public Layer pointwise(PointwiseConv2d l) {
            return l;
        }

        @Override
        public Layer linear(Linear l) {
            return l;
        }

        @Override
        public Layer affine(ChannelAffine l) {
            return l;
        }

        @Override
        public Layer relu(ReLU l) {
            return l;
        }

        @Override
        public Layer pool(GlobalAvgPool l) {
            return l;
        }

        @Override
        public Layer ode(OdeBlock l, Sequential f) {
            return l;
        }
    };

    /**
     * {@code q}, the quantized twin of {@code l} in a network of the same structure, as the kind it must be; a
     * different kind means the two networks differ, and says where.
     */
    static <Q extends QLayer> Q twin(QLayer q, Class<Q> kind, Layer l) {
        if (!kind.isInstance(q)) {
            throw new IllegalArgumentException("layer " + l.name() + ": float " + l.getClass().getSimpleName()
                    + " does not match quantized " + q.getClass().getSimpleName());
        }
        return kind.cast(q);
    }
}
