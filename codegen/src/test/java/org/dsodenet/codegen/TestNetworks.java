package org.dsodenet.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QBatchNorm;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QGlobalAvgPool;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QOdeBlock;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.dsodenet.ops.fixed.model.QRelu;

/** Small quantized networks with random weights for codegen tests. */
public final class TestNetworks {
    private TestNetworks() {}

    public static long[] raws(SplittableRandom r, int n, FixedType t) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.nextLong(t.minRaw(), t.maxRaw() + 1);
        }
        return out;
    }

    /** A pre-conv, an ODE block with a depthwise-separable f and a time channel, batch norm, pooling, classifier. */
    public static QNetwork tiny(String name, int channels, int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        FixedType t8 = FixedType.parse("ap_fixed<8,3>");
        FixedType acc = FixedType.parse("ap_fixed<20,8,AP_RND,AP_SAT>");
        AccTypes ty = new AccTypes(t8, t8, acc, t8);
        int c = channels;
        List<QLayer> f = List.of(
                new QDepthwiseConv2d("dw", c + 1, 3, 1, 1, raws(r, (c + 1) * 9, t8), null, ty),
                new QPointwiseConv2d("pw", c + 1, c, raws(r, c * (c + 1), t8), raws(r, c, t8), ty),
                new QRelu("f relu", t8));
        List<QLayer> layers = new ArrayList<>(List.of(
                new QConv2d("pre-conv", 1, c, 3, 1, 1, raws(r, c * 9, t8), raws(r, c, t8), ty),
                new QRelu("relu", t8),
                new QOdeBlock("ode", f, 3, FixedType.parse("ap_ufixed<1,-1>"), 1,
                        FixedType.parse("ap_fixed<12,4,AP_RND_CONV,AP_SAT>"), true),
                new QBatchNorm("bn", c, raws(r, c, t8), raws(r, c, t8), t8, t8, t8),
                new QGlobalAvgPool("gap", acc, FixedType.parse("ap_ufixed<16,-5>"), 1820, t8),
                new QLinear("fc", c, 3, raws(r, 3 * c, t8), null, ty)));
        return new QNetwork(name, new Dims(1, size, size), t8, layers);
    }
}
