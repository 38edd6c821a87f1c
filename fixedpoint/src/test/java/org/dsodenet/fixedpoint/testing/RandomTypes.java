package org.dsodenet.fixedpoint.testing;

import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;

/**
 * Random modes for the random types of the property tests of every module, so that all of them cover every mode the
 * same way: any quantization mode, any overflow mode the signedness allows (ap_ufixed refuses AP_WRAP_SM), and for the
 * wrap modes up to three saturation bits.
 */
public final class RandomTypes {
    private RandomTypes() {}

    /** {@code t} with random modes; draws the quantization mode, the overflow mode and the saturation bits, in order. */
    public static FixedType withRandomModes(SplittableRandom rnd, FixedType t) {
        QuantMode q = QuantMode.fromIndex(rnd.nextInt(7));
        OverflowMode o = OverflowMode.fromIndex(rnd.nextInt(t.signed() ? 5 : 4));
        int n = o == OverflowMode.AP_WRAP || o == OverflowMode.AP_WRAP_SM ? rnd.nextInt(Math.min(t.width(), 3) + 1) : 0;
        return t.withModes(q, o, n);
    }
}
