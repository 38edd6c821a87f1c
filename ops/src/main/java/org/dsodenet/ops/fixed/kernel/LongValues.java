package org.dsodenet.ops.fixed.kernel;

import java.math.BigInteger;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.tensor.FixedTensor;

/** Raws of a type at most 64 bits wide: sign-extended, or the bit pattern for a 64-bit {@code ap_ufixed}. */
public record LongValues(FixedType type, long[] raws) implements Values {
    public LongValues {
        if (!type.isFast()) {
            throw new IllegalArgumentException("values of " + type + " are held in BigInteger[]");
        }
    }

    @Override
    public int size() {
        return raws.length;
    }

    @Override
    public BigInteger big(int i) {
        return Fx.toBig(raws[i], type);
    }

    @Override
    public BigInteger[] bigs() {
        return FastTypes.big(raws, type);
    }

    @Override
    public double toDouble(int i) {
        return Fx.toDouble(raws[i], type);
    }

    @Override
    public FixedTensor tensor(int[] shape) {
        return FixedTensor.ofRaw(raws, shape, type);
    }
}
