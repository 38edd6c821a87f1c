package org.dsodenet.ops.fixed;

import java.math.BigInteger;
import java.util.List;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;

/**
 * Layers whose sum lands exactly on a real-plane bound: two input channels of raw -2 times the most negative weight
 * -2^e give 2^(e+1), plus one with {@code plusOne} (the second channel's raw 1 times weight 1), as pointwise, linear
 * and 3x3 convolution (only the centre taps have weights). The proofs' edge cases for floats (e = 23) and doubles
 * (e = 52).
 *
 * @param in     the input shape, 2×3×3
 * @param inType the input type, raws -2 .. 1
 * @param x      the input raws: -2 on the first channel, 1 on the second
 * @param want   every output's exact value
 * @param layers the pointwise, linear and 3x3 layers
 */
record BoundLayers(Dims in, FixedType inType, long[] x, BigInteger want, List<QMac> layers) {
    static BoundLayers of(int e, boolean plusOne) {
        FixedType wt = FixedType.signed(e + 1, e + 1); // down to -2^e
        FixedType acc = FixedType.signed(60, 60); // keeps every bit, never overflows here
        AccTypes types = new AccTypes(wt, wt, acc, acc);
        long[] w = {-(1L << e), plusOne ? 1 : 0};
        BigInteger want = BigInteger.ONE.shiftLeft(e + 1).add(plusOne ? BigInteger.ONE : BigInteger.ZERO);
        Dims in = new Dims(2, 3, 3);
        long[] x = new long[in.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < 9 ? -2 : 1;
        }
        long[] convW = new long[18];
        convW[4] = w[0];
        convW[13] = w[1];
        long[] linW = new long[18]; // one feature of each plane
        linW[0] = w[0];
        linW[9] = w[1];
        List<QMac> layers = List.of(new QPointwiseConv2d("pw", 2, 1, w, null, types),
                new QLinear("fc", 18, 1, linW, null, types), new QConv2d("conv", 2, 1, 3, 1, 1, convW, null, types));
        return new BoundLayers(in, FixedType.signed(2, 2), x, want, layers);
    }
}
