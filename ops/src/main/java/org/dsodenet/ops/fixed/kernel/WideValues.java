package org.dsodenet.ops.fixed.kernel;

import java.math.BigInteger;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.WideFx;
import org.dsodenet.fixedpoint.tensor.FixedTensor;

/** Numeric raws of a type wider than 64 bits. */
public record WideValues(FixedType type, BigInteger[] raws) implements Values {
    public WideValues {
        if (type.isFast()) {
            throw new IllegalArgumentException("values of " + type + " are held in long[]");
        }
    }

    @Override
    public int size() {
        return raws.length;
    }

    @Override
    public BigInteger big(int i) {
        return raws[i];
    }

    @Override
    public BigInteger[] bigs() {
        return raws;
    }

    @Override
    public double toDouble(int i) {
        return WideFx.toDouble(raws[i], type);
    }

    @Override
    public FixedTensor tensor(int[] shape) {
        return FixedTensor.ofRaw(raws, shape, type);
    }
}
