package org.dsodenet.ops.fixed.model;

import org.dsodenet.fixedpoint.FixedType;

/** One layer of a {@link QNetwork}. */
public sealed interface QLayer
        permits QMac, QBatchNorm, QRelu, QGlobalAvgPool, QOdeBlock {

    /** A name unique within its network (the code generator makes a C identifier of it). */
    String name();

    /** The type of every value this layer outputs. */
    FixedType outputType();

    /** Output dimensions for the given input dimensions; throws IllegalArgumentException when they do not fit. */
    Dims outputDims(Dims in);

    /** Calls the visitor's method for this layer's kind. */
    <R> R accept(QLayerVisitor<R> v);
}
