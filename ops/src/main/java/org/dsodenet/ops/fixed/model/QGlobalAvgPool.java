package org.dsodenet.ops.fixed.model;

import org.dsodenet.fixedpoint.FixedType;

/**
 * Global average pooling without a divider: per channel, {@code acc = acc + x} over the map in row-major order
 * (each sum converted to the accumulator type), then {@code out = acc * recip} with {@code recip} a constant of
 * {@code recipType} approximating 1/(H·W) (exact when H·W is a power of two). The output is (C, 1, 1).
 */
public record QGlobalAvgPool(String name, FixedType accType, FixedType recipType, long recipRaw,
                             FixedType outputType) implements QLayer {
    public QGlobalAvgPool {
        Checks.name(name);
        if (!recipType.isFast()) {
            throw new IllegalArgumentException(name + ": reciprocal type is limited to 64 bits");
        }
        Checks.raws(name, "reciprocal", new long[] {recipRaw}, recipType);
    }

    @Override
    public Dims outputDims(Dims in) {
        return new Dims(in.c(), 1, 1);
    }

    @Override
    public <R> R accept(QLayerVisitor<R> v) {
        return v.pool(this);
    }
}
