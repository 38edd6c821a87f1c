package org.dsodenet.ops.fixed.model;

import org.dsodenet.fixedpoint.FixedType;

/**
 * Depthwise k×k convolution (groups = channels): each output channel sees only its own input channel.
 * Weights {@code [c][k][k]}; bias {@code [c]} or null. Reduction order: {@code ky} outer, {@code kx} inner,
 * padding taps skipped.
 */
public record QDepthwiseConv2d(String name, int channels, int k, int stride, int pad, long[] weights, long[] bias,
                               AccTypes types) implements QMac {
    public QDepthwiseConv2d {
        Checks.name(name);
        Checks.positive(name, "channels", channels);
        Checks.geometry(name, k, stride, pad);
        Checks.length(name, "weights", weights, (long) channels * k * k);
        Checks.raws(name, "weights", weights, types.weight());
        if (bias != null) {
            Checks.length(name, "bias", bias, channels);
            Checks.raws(name, "bias", bias, types.bias());
        }
    }

    @Override
    public FixedType outputType() {
        return types.output();
    }

    @Override
    public Dims outputDims(Dims in) {
        Checks.channels(name, in, channels);
        return new Dims(channels, Checks.outSize(name, in.h(), k, stride, pad),
                Checks.outSize(name, in.w(), k, stride, pad));
    }

    @Override
    public int outputs() {
        return channels;
    }

    @Override
    public <R> R accept(QLayerVisitor<R> v) {
        return v.depthwise(this);
    }
}
