package org.dsodenet.ops.fixed.model;

import org.dsodenet.fixedpoint.FixedType;

/**
 * The types of a multiply-accumulate layer: weights, bias, accumulator and output. The input type is whatever the
 * previous layer produced.
 */
public record AccTypes(FixedType weight, FixedType bias, FixedType acc, FixedType output) {
    public AccTypes {
        if (weight == null || bias == null || acc == null || output == null) {
            throw new IllegalArgumentException("weight, bias, accumulator and output types are all required");
        }
        if (!weight.isFast() || !bias.isFast()) {
            throw new IllegalArgumentException("weight and bias types are limited to 64 bits, got " + weight + ", " + bias);
        }
    }

    /** The types of a multiply-accumulate layer (conv, depthwise, pointwise, linear), or null for any other layer. */
    public static AccTypes of(QLayer l) {
        return l instanceof QMac m ? m.types() : null;
    }
}
