package org.dsodenet.ops.layer;

import org.dsodenet.ops.act.ReLU;
import org.dsodenet.ops.conv.Conv2d;
import org.dsodenet.ops.conv.DepthwiseConv2d;
import org.dsodenet.ops.conv.PointwiseConv2d;
import org.dsodenet.ops.linear.Linear;
import org.dsodenet.ops.norm.BatchNorm2d;
import org.dsodenet.ops.ode.OdeBlock;
import org.dsodenet.ops.pool.GlobalAvgPool;

/**
 * One operation per float layer kind of {@code ops}, chosen by {@link Layer#accept}: the float twin of
 * {@link org.dsodenet.ops.fixed.model.QLayerVisitor}. A new {@code ops} layer kind adds a method here, so every
 * place that tells float layers apart fails to compile until it handles the new kind too. Layers defined outside
 * {@code ops} (wrappers, fake quantization, test layers) go to {@link #other}: {@code ops} cannot name them, so a
 * visitor that meets one decides for itself what an unknown layer means.
 */
public interface LayerVisitor<R> {
    R conv(Conv2d l);

    R depthwise(DepthwiseConv2d l);

    R pointwise(PointwiseConv2d l);

    R linear(Linear l);

    R batchNorm(BatchNorm2d l);

    R relu(ReLU l);

    R pool(GlobalAvgPool l);

    R ode(OdeBlock l);

    R sequential(Sequential l);

    R residual(Residual l);

    R flatten(Flatten l);

    /** A layer defined outside {@code ops}. */
    R other(Layer l);
}
