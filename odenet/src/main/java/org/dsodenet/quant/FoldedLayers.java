package org.dsodenet.quant;

import org.dsodenet.ops.act.ReLU;
import org.dsodenet.ops.conv.Conv2d;
import org.dsodenet.ops.conv.DepthwiseConv2d;
import org.dsodenet.ops.conv.PointwiseConv2d;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.layer.Flatten;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.LayerVisitor;
import org.dsodenet.ops.layer.Residual;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.linear.Linear;
import org.dsodenet.ops.norm.BatchNorm2d;
import org.dsodenet.ops.ode.OdeBlock;
import org.dsodenet.ops.pool.GlobalAvgPool;

/** The one place that tells the kinds of a folded network's layers apart (see {@link FoldedLayerVisitor}). */
final class FoldedLayers {
    private FoldedLayers() {}

    static <R> R accept(Layer l, FoldedLayerVisitor<R> v) {
        return l.accept(new Kinds<>(v));
    }

    /** {@code l} if it is the one kind of folded layer defined outside {@code ops}, else the error for its kind. */
    static ChannelAffine affine(Layer l) {
        if (l instanceof ChannelAffine a) {
            return a;
        }
        throw noQuantizedForm(l);
    }

    static IllegalArgumentException noQuantizedForm(Layer l) {
        return new IllegalArgumentException("layer " + l.name() + " (" + l.getClass().getSimpleName()
                + ") has no quantized form; quantization takes convolutions, linear layers, batch norms, ReLU, global"
                + " average pooling and ODE blocks of those");
    }

    /** The float layer kinds, narrowed to those of a folded network. */
    private record Kinds<R>(FoldedLayerVisitor<R> v) implements LayerVisitor<R> {
        @Override public R conv(Conv2d l) { return v.conv(l); }
        @Override public R depthwise(DepthwiseConv2d l) { return v.depthwise(l); }
        @Override public R pointwise(PointwiseConv2d l) { return v.pointwise(l); }
        @Override public R linear(Linear l) { return v.linear(l); }
        @Override public R other(Layer l) { return v.affine(affine(l)); }
        @Override public R relu(ReLU l) { return v.relu(l); }
        @Override public R pool(GlobalAvgPool l) { return v.pool(l); }

        @Override
        public R ode(OdeBlock l) {
            if (l.f() instanceof Sequential f) {
                return v.ode(l, f);
            }
            throw noQuantizedForm(l);
        }

        // Folding has turned batch norms into convolutions or channel affines, and flattened nested sequences.
        @Override public R batchNorm(BatchNorm2d l) { throw noQuantizedForm(l); }
        @Override public R sequential(Sequential l) { throw noQuantizedForm(l); }
        @Override public R residual(Residual l) { throw noQuantizedForm(l); }
        @Override public R flatten(Flatten l) { throw noQuantizedForm(l); }
    }

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
