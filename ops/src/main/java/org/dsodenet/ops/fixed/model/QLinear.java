package org.dsodenet.ops.fixed.model;

import org.dsodenet.fixedpoint.FixedType;

/**
 * Fully connected layer over the flattened input (C·H·W features, CHW order). Weights {@code [out][in]}; bias
 * {@code [out]} or null. Reduction over the input index in order. Output (out, 1, 1).
 */
public record QLinear(String name, int in, int out, long[] weights, long[] bias, AccTypes types) implements QMac {
    public QLinear {
        Checks.name(name);
        Checks.positive(name, "in", in);
        Checks.positive(name, "out", out);
        Checks.length(name, "weights", weights, (long) out * in);
        Checks.raws(name, "weights", weights, types.weight());
        if (bias != null) {
            Checks.length(name, "bias", bias, out);
            Checks.raws(name, "bias", bias, types.bias());
        }
    }

    @Override
    public FixedType outputType() {
        return types.output();
    }

    @Override
    public Dims outputDims(Dims dims) {
        if (dims.size() != in) {
            throw new IllegalArgumentException(name + ": input has " + dims.size() + " features, expected " + in);
        }
        return new Dims(out, 1, 1);
    }

    @Override
    public int outputs() {
        return out;
    }

    @Override
    public <R> R accept(QLayerVisitor<R> v) {
        return v.linear(this);
    }
}
