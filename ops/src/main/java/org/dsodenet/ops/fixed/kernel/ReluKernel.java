package org.dsodenet.ops.fixed.kernel;

import java.math.BigInteger;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.WideFx;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QRelu;

/**
 * ReLU: positive inputs are converted to the output type, the rest become zero. Every output counts as one
 * conversion (assigning the literal 0 never rounds or overflows).
 */
public final class ReluKernel extends LayerKernel {
    private final QRelu layer;
    private final boolean fast;
    private final Conversion caster;

    ReluKernel(QRelu layer, Dims in, FixedType inType) {
        super(layer, in, inType);
        this.layer = layer;
        this.fast = FastTypes.ok(inType, layer.outputType());
        this.caster = fast ? new Conversion(inType, layer.outputType()) : null;
    }

    @Override
    public boolean fast() {
        return fast;
    }

    @Override
    public Values forward(Values in, FixedStats accStats, FixedStats outStats) {
        if (fast) {
            long[] x = in.fast();
            long[] y = new long[x.length];
            long zeros = 0;
            for (int i = 0; i < x.length; i++) {
                if (x[i] > 0) {
                    y[i] = caster.apply(x[i], outStats);
                } else {
                    zeros++;
                }
            }
            outStats.conversions += zeros;
            return Values.of(layer.outputType(), y);
        }
        BigInteger[] x = in.bigs();
        BigInteger[] y = new BigInteger[x.length];
        for (int i = 0; i < x.length; i++) {
            if (x[i].signum() > 0) {
                y[i] = WideFx.cast(x[i], inType, layer.outputType(), outStats);
            } else {
                y[i] = BigInteger.ZERO;
                outStats.conversions++;
            }
        }
        return Values.of(layer.outputType(), y);
    }
}
