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
    private final PlaneConversion values;

    ReluKernel(QRelu layer, Dims in, FixedType inType) {
        super(layer, in, inType);
        this.layer = layer;
        this.fast = FastTypes.ok(inType, layer.outputType());
        this.caster = fast ? new Conversion(inType, layer.outputType()) : null;
        this.values = fast ? new PlaneConversion(inType, layer.outputType()) : null;
    }

    @Override
    public boolean fast() {
        return fast;
    }

    @Override
    public Values forward(Values in, FixedStats accStats, FixedStats outStats) {
        if (fast) {
            long[] y = new long[outDims.size()];
            fast(((LongValues) in).raws(), y, outStats);
            return new LongValues(layer.outputType(), y);
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

    @Override
    public void valuesFast(long[] x, long[] y, Scratch scratch) {
        int n = inDims.size();
        for (int i = 0; i < n; i++) {
            y[i] = x[i] & ~(x[i] >> 63); // max(x, 0) without a compare, so C2 vectorizes it
        }
        values.apply(y, 0, n, y, 0); // 0 converts to 0 in every type and mode
    }

    @Override
    public boolean exactOn(RawPlane p) {
        return p == RawPlane.LONGS || fast && values.on(p);
    }

    /** On a real plane: in place, the ReLU folded into the conversion's lower bound. */
    @Override
    void valuesOnReal(RawPlane in, RawPlane out, long[] y, Scratch scratch) {
        int n = inDims.size();
        RawPlane p = in;
        if (p == RawPlane.FLOATS) {
            values.rawsInPlace(scratch.handedFloats(n), n, 0, 0, true);
        } else {
            values.rawsInPlace(scratch.handedDoubles(n), n, 0, 0, true);
        }
        if (out == RawPlane.LONGS) {
            PlaneCasts.fromHanded(p, scratch, n, y);
        }
    }

    /** On a batch of float planes: the ReLU folded into the conversion's lower bound, as on one plane. */
    @Override
    public void floatsInPlace(float[] v, int images) {
        if (!exactOn(RawPlane.FLOATS)) {
            super.floatsInPlace(v, images);
        }
        values.rawsInPlace(v, 0, images * inDims.size(), 0, 0, true);
    }

    private void fast(long[] x, long[] y, FixedStats outStats) {
        int n = inDims.size();
        long zeros = 0;
        for (int i = 0; i < n; i++) {
            if (x[i] > 0) {
                y[i] = caster.apply(x[i], outStats);
            } else {
                y[i] = 0; // y may be a reused buffer
                zeros++;
            }
        }
        outStats.conversions += zeros;
    }
}
