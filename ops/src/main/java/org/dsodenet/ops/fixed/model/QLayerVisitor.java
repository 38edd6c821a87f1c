package org.dsodenet.ops.fixed.model;

/**
 * One operation per layer kind, chosen by {@link QLayer#accept}. A new layer kind adds a method here, so every
 * place that handles layers fails to compile until it handles the new kind too.
 */
public interface QLayerVisitor<R> {
    R conv(QConv2d l);

    R depthwise(QDepthwiseConv2d l);

    R pointwise(QPointwiseConv2d l);

    R linear(QLinear l);

    R batchNorm(QBatchNorm l);

    R relu(QRelu l);

    R pool(QGlobalAvgPool l);

    R ode(QOdeBlock l);
}
