package org.dsodenet.ops.fixed.model;

import org.dsodenet.fixedpoint.FixedType;

/**
 * Standard k×k convolution. Weights are laid out {@code [cOut][cIn][k][k]}; bias {@code [cOut]} or null.
 * Reduction order for each output value {@code (oc, oy, ox)}: {@code ic} outer, then {@code ky}, then {@code kx};
 * taps that fall into the zero padding are skipped (adding an exact zero would not change the accumulator).
 */
public record QConv2d(String name, int cIn, int cOut, int k, int stride, int pad, long[] weights, long[] bias,
                      AccTypes types) implements QMac {
    public QConv2d {
        Checks.name(name);
        Checks.positive(name, "cIn", cIn);
        Checks.positive(name, "cOut", cOut);
        Checks.geometry(name, k, stride, pad);
        Checks.length(name, "weights", weights, (long) cOut * cIn * k * k);
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
        return new Dims(cOut, Checks.outSize(name, in.h(), k, stride, pad), Checks.outSize(name, in.w(), k, stride, pad));
    }

    @Override
    public int outputs() {
        return cOut;
    }

    @Override
    public <R> R accept(QLayerVisitor<R> v) {
        return v.conv(this);
    }
}
