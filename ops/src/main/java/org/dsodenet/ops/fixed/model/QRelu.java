package org.dsodenet.ops.fixed.model;

import org.dsodenet.fixedpoint.FixedType;

/** ReLU: {@code out = x > 0 ? x : 0}, converted to the output type. */
public record QRelu(String name, FixedType outputType) implements QLayer {
    public QRelu {
        Checks.name(name);
    }

    @Override
    public Dims outputDims(Dims in) {
        return in;
    }

    @Override
    public <R> R accept(QLayerVisitor<R> v) {
        return v.relu(this);
    }
}
