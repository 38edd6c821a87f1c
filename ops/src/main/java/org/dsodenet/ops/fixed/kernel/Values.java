package org.dsodenet.ops.fixed.kernel;

import java.math.BigInteger;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.tensor.FixedTensor;

/**
 * Raw values of one feature map in CHW order. The representation follows the type's width:
 * {@link LongValues} up to 64 bits, {@link WideValues} beyond, so a kernel that planned the long path can rely on
 * longs without checking. The arrays are shared, not copied: do not modify them.
 */
public sealed interface Values permits LongValues, WideValues {
    FixedType type();

    int size();

    /** The numeric raw value at index i. */
    BigInteger big(int i);

    /** All numeric raw values (a new array when stored as longs). */
    BigInteger[] bigs();

    /** The value at index i as a double (round to nearest even). */
    double toDouble(int i);

    /** The values as a tensor of the given shape. */
    FixedTensor tensor(int[] shape);

    /** Wraps numeric raws, storing them as longs when the type allows. */
    static Values of(FixedType type, BigInteger[] raws) {
        return type.isFast() ? new LongValues(type, FastTypes.longs(raws)) : new WideValues(type, raws);
    }
}
