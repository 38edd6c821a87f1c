package org.dsodenet.ops.fixed.kernel;

import java.math.BigInteger;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;

/**
 * Raw values of one feature map: {@code long}s when the type is at most 64 bits wide (sign-extended, or the bit
 * pattern for a 64-bit unsigned type), otherwise numeric {@code BigInteger}s. Exactly one of the arrays is set.
 * The arrays are shared, not copied.
 */
public record Values(FixedType type, long[] fast, BigInteger[] wide) {
    public Values {
        if (type.isFast() != (fast != null) || (fast == null) == (wide == null)) {
            throw new IllegalArgumentException("values of " + type + " are held in " + (type.isFast() ? "long[]" : "BigInteger[]"));
        }
    }

    public static Values of(FixedType type, long[] raws) {
        return new Values(type, raws, null);
    }

    /** Wraps numeric raws, storing them as longs when the type allows. */
    public static Values of(FixedType type, BigInteger[] raws) {
        return type.isFast() ? new Values(type, FastTypes.longs(raws), null) : new Values(type, null, raws);
    }

    public int size() {
        return fast != null ? fast.length : wide.length;
    }

    /** The numeric raw value at index i. */
    public BigInteger big(int i) {
        return fast != null ? Fx.toBig(fast[i], type) : wide[i];
    }

    /** All numeric raw values (a new array when stored as longs). */
    public BigInteger[] bigs() {
        return fast != null ? FastTypes.big(fast, type) : wide;
    }
}
