package org.dsodenet.ops.fixed.model;

import org.dsodenet.fixedpoint.FixedType;

/** One layer of a {@link QNetwork}. */
public sealed interface QLayer
        permits QConv2d, QDepthwiseConv2d, QPointwiseConv2d, QBatchNorm, QRelu, QGlobalAvgPool, QLinear, QOdeBlock {

    /** A name unique within its network (the code generator makes a C identifier of it). */
    String name();

    /** The type of every value this layer outputs. */
    FixedType outputType();

    /** Output dimensions for the given input dimensions; throws IllegalArgumentException when they do not fit. */
    Dims outputDims(Dims in);
}
