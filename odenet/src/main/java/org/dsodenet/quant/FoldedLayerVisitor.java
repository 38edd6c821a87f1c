package org.dsodenet.quant;

import org.dsodenet.ops.act.ReLU;
import org.dsodenet.ops.conv.Conv2d;
import org.dsodenet.ops.conv.DepthwiseConv2d;
import org.dsodenet.ops.conv.PointwiseConv2d;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.linear.Linear;
import org.dsodenet.ops.ode.OdeBlock;
import org.dsodenet.ops.pool.GlobalAvgPool;

/**
 * One operation per layer kind of a folded network, chosen by {@link FoldedLayers#accept}: the float twin of
 * {@link org.dsodenet.ops.fixed.model.QLayerVisitor}. A new kind adds a method here, so every place that handles
 * folded layers fails to compile until it handles the new kind too; only the one classification in
 * {@link FoldedLayers} can meet a layer it does not know (ops layers are an open set), and folding rejects those.
 */
interface FoldedLayerVisitor<R> {
    R conv(Conv2d l);

    R depthwise(DepthwiseConv2d l);

    R pointwise(PointwiseConv2d l);

    R linear(Linear l);

    R affine(ChannelAffine l);

    R relu(ReLU l);

    R pool(GlobalAvgPool l);

    /** An ODE block with its function, which folding has made a {@link Sequential} of folded layers. */
    R ode(OdeBlock l, Sequential f);
}
