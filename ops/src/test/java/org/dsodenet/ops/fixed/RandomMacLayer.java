package org.dsodenet.ops.fixed;

import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.dsodenet.ops.fixed.types.AccumulatorSizer;

/**
 * A random MAC layer (kind 0 conv, 1 depthwise, 2 pointwise, 3 linear) before its accumulator and output types are
 * chosen: shape, input, weight and bias types, raws, and the accumulator {@link AccumulatorSizer} sizes for it.
 * The fast-path tests each derive their own accumulator and output from it; drawing it in one place, in one fixed
 * order from the generator, keeps every seed's case what it was.
 */
record RandomMacLayer(int kind, int k, int stride, int pad, Dims in, FixedType xt, FixedType wt, FixedType bt,
                      int cout, int per, long[] w, long[] b, FixedType sized) {

    /** Activations and weights {@code minW..maxW} bits wide, biases 1..{@code maxBiasW}. */
    static RandomMacLayer draw(RandomNets r, int minW, int maxW, int maxBiasW) {
        SplittableRandom rnd = r.rnd;
        int kind = rnd.nextInt(4);
        int k = 1 + rnd.nextInt(3);
        int stride = kind < 2 ? 1 + rnd.nextInt(2) : 1;
        int pad = kind < 2 ? rnd.nextInt(k) : 0;
        int c = 1 + rnd.nextInt(4);
        Dims in = new Dims(c, k + rnd.nextInt(6), k + rnd.nextInt(6));
        FixedType xt = r.type(minW, maxW);
        FixedType wt = r.type(minW, maxW);
        FixedType bt = r.type(1, maxBiasW);
        int cout = kind == 1 ? c : 1 + rnd.nextInt(4);
        int per = kind == 1 ? k * k : kind == 2 ? c : kind == 3 ? in.size() : c * k * k;
        long[] w = r.raws(wt, cout * per);
        long[] b = rnd.nextBoolean() ? r.raws(bt, cout) : null;
        AccTypes probe = new AccTypes(wt, bt, FixedType.signed(8, 4), FixedType.signed(8, 4));
        FixedType sized = AccumulatorSizer.accumulator(layer("", kind, in, cout, k, stride, pad, w, b, probe), xt);
        return new RandomMacLayer(kind, k, stride, pad, in, xt, wt, bt, cout, per, w, b, sized);
    }

    /** The layer with this accumulator and output type. */
    QMac with(FixedType acc, FixedType out) {
        return layer("", kind, in, cout, k, stride, pad, w, b, new AccTypes(wt, bt, acc, out));
    }

    static QMac layer(String suffix, int kind, Dims in, int cout, int k, int stride, int pad, long[] w, long[] b,
                      AccTypes t) {
        switch (kind) {
            case 0:
                return new QConv2d("conv" + suffix, in.c(), cout, k, stride, pad, w, b, t);
            case 1:
                return new QDepthwiseConv2d("dw" + suffix, in.c(), k, stride, pad, w, b, t);
            case 2:
                return new QPointwiseConv2d("pw" + suffix, in.c(), cout, w, b, t);
            default:
                return new QLinear("fc" + suffix, in.size(), cout, w, b, t);
        }
    }
}
