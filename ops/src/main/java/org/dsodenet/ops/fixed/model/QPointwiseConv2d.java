package org.dsodenet.ops.fixed.model;

import org.dsodenet.fixedpoint.FixedType;

/** Pointwise 1×1 convolution. Weights {@code [cOut][cIn]}; bias {@code [cOut]} or null. Reduction over {@code ic}. */
public record QPointwiseConv2d(String name, int cIn, int cOut, long[] weights, long[] bias, AccTypes types)
        implements QMac {
    public QPointwiseConv2d {
        Checks.name(name);
        Checks.positive(name, "cIn", cIn);
        Checks.positive(name, "cOut", cOut);
        Checks.length(name, "weights", weights, (long) cOut * cIn);
        Checks.raws(name, "weights", weights, types.weight());
        if (bias != null) {
            Checks.length(name, "bias", bias, cOut);
            Checks.raws(name, "bias", bias, types.bias());
        }
    }

    @Override
    public FixedType outputType() {
        return types.output();
    }

    @Override
    public Dims outputDims(Dims in) {
        Checks.channels(name, in, cIn);
        return new Dims(cOut, in.h(), in.w());
    }

    @Override
    public int outputs() {
        return cOut;
    }

    @Override
    public <R> R accept(QLayerVisitor<R> v) {
        return v.pointwise(this);
    }
}
