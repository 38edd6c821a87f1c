package org.dsodenet.ops.fixed.model;

import org.dsodenet.fixedpoint.FixedType;

/**
 * Inference batch norm as a per-channel affine map, for a norm that cannot be folded into a preceding convolution
 * (for example the pre-activation norm at the start of an ODE function): {@code out = x * scale[c] + shift[c]},
 * where the product and the sum are exact and only the final assignment converts to the output type.
 */
public record QBatchNorm(String name, int channels, long[] scale, long[] shift, FixedType scaleType,
                         FixedType shiftType, FixedType outputType) implements QLayer {
    public QBatchNorm {
        Checks.name(name);
        if (!scaleType.isFast() || !shiftType.isFast()) {
            throw new IllegalArgumentException(name + ": scale and shift types are limited to 64 bits");
        }
        Checks.positive(name, "channels", channels);
        Checks.length(name, "scale", scale, channels);
        Checks.length(name, "shift", shift, channels);
        Checks.raws(name, "scale", scale, scaleType);
        Checks.raws(name, "shift", shift, shiftType);
    }

    @Override
    public Dims outputDims(Dims in) {
        Checks.channels(name, in, channels);
        return in;
    }

    @Override
    public <R> R accept(QLayerVisitor<R> v) {
        return v.batchNorm(this);
    }
}
