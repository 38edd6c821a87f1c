package org.dsodenet.ops.fixed.kernel;

import java.math.BigInteger;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.WideFx;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QBatchNorm;

/**
 * Batch norm as {@code out = x * scale[c] + shift[c]}: exact product, exact sum (both aligned to the sum's LSB by
 * shifting the constants once), one conversion to the output type.
 */
public final class NormKernel extends LayerKernel {
    private final QBatchNorm layer;
    private final FixedType sum;
    private final NormConstants constants;
    /** The aligned constants as doubles, when every operand and sum is within 2^53 (else null). */
    private final double[] scaleDouble;
    private final double[] shiftDouble;
    /** The same as floats, within 2^24 (else null). */
    private final float[] scaleFloat;
    private final float[] shiftFloat;

    NormKernel(QBatchNorm layer, Dims in, FixedType inType) {
        super(layer, in, inType);
        this.layer = layer;
        FixedType prod = Fx.mulType(inType, layer.scaleType());
        this.sum = Fx.addType(prod, layer.shiftType());
        int prodShift = sum.fracBits() - prod.fracBits();
        int shiftShift = sum.fracBits() - layer.shiftType().fracBits();
        boolean fast = FastTypes.ok(inType, layer.scaleType(), layer.shiftType(), prod, sum, layer.outputType());
        int c = layer.channels();
        BigInteger[] scaleWide = new BigInteger[c];
        BigInteger[] shiftWide = new BigInteger[c];
        for (int i = 0; i < c; i++) {
            scaleWide[i] = Fx.toBig(layer.scale()[i], layer.scaleType()).shiftLeft(prodShift);
            shiftWide[i] = Fx.toBig(layer.shift()[i], layer.shiftType()).shiftLeft(shiftShift);
        }
        // Aligned constants fit a long on the fast path: each is an operand of a sum that fits W_sum ≤ 64 bits.
        this.constants = fast
                ? new NormConstants.Fast(FastTypes.longs(scaleWide), FastTypes.longs(shiftWide),
                        new Conversion(sum, layer.outputType()), new PlaneConversion(sum, layer.outputType()))
                : new NormConstants.Wide(scaleWide, shiftWide);
        // x·scale and every sum with shift are integers of the sum type: exact in a real type that holds W_sum bits.
        boolean doubles = fast && sum.width() <= 53 && ((NormConstants.Fast) constants).values().onDoubles();
        boolean floats = fast && sum.width() <= 24 && ((NormConstants.Fast) constants).values().onFloats();
        this.scaleDouble = doubles ? reals(scaleWide) : null;
        this.shiftDouble = doubles ? reals(shiftWide) : null;
        this.scaleFloat = floats ? floats(scaleWide) : null;
        this.shiftFloat = floats ? floats(shiftWide) : null;
    }

    private static double[] reals(BigInteger[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i].doubleValue();
        }
        return out;
    }

    private static float[] floats(BigInteger[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i].floatValue();
        }
        return out;
    }

    @Override
    public boolean exactOn(RawPlane p) {
        return p == RawPlane.LONGS || (p == RawPlane.FLOATS ? scaleFloat != null : scaleDouble != null);
    }

    /** On a real plane: in place, product and sum exact there, then the conversion's real steps. */
    @Override
    void valuesOnReal(RawPlane in, RawPlane out, long[] y, Scratch scratch) {
        int n = inDims.size();
        int plane = inDims.h() * inDims.w();
        RawPlane p = in;
        PlaneConversion values = ((NormConstants.Fast) constants).values();
        if (p == RawPlane.FLOATS) {
            float[] v = scratch.handedFloats(n);
            for (int c = 0; c < inDims.c(); c++) {
                float sc = scaleFloat[c];
                float sh = shiftFloat[c];
                for (int i = c * plane; i < (c + 1) * plane; i++) {
                    v[i] = v[i] * sc + sh;
                }
            }
            values.rawsInPlace(v, n, 0, 0);
        } else {
            double[] v = scratch.handedDoubles(n);
            for (int c = 0; c < inDims.c(); c++) {
                double sc = scaleDouble[c];
                double sh = shiftDouble[c];
                for (int i = c * plane; i < (c + 1) * plane; i++) {
                    v[i] = v[i] * sc + sh;
                }
            }
            values.rawsInPlace(v, n, 0, 0);
        }
        if (out == RawPlane.LONGS) {
            PlaneCasts.fromHanded(p, scratch, n, y);
        }
    }

    /** On a batch of float planes: each sample as on one plane, the conversion over the whole batch at once. */
    @Override
    public void floatsInPlace(float[] v, int images) {
        if (scaleFloat == null) {
            super.floatsInPlace(v, images);
        }
        int plane = inDims.h() * inDims.w();
        for (int i = 0; i < images; i++) {
            int s0 = i * inDims.size();
            for (int c = 0; c < inDims.c(); c++) {
                float sc = scaleFloat[c];
                float sh = shiftFloat[c];
                for (int j = s0 + c * plane; j < s0 + (c + 1) * plane; j++) {
                    v[j] = v[j] * sc + sh;
                }
            }
        }
        ((NormConstants.Fast) constants).values().rawsInPlace(v, 0, images * inDims.size(), 0, 0, false);
    }

    @Override
    public boolean fast() {
        return constants instanceof NormConstants.Fast;
    }

    @Override
    public Values forward(Values in, FixedStats accStats, FixedStats outStats) {
        int plane = inDims.h() * inDims.w();
        if (constants instanceof NormConstants.Fast f) {
            long[] y = new long[outDims.size()];
            fast(f, ((LongValues) in).raws(), y, outStats);
            return new LongValues(layer.outputType(), y);
        }
        BigInteger[] scaleWide = ((NormConstants.Wide) constants).scale();
        BigInteger[] shiftWide = ((NormConstants.Wide) constants).shift();
        BigInteger[] x = in.bigs();
        BigInteger[] y = new BigInteger[x.length];
        for (int c = 0; c < inDims.c(); c++) {
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                y[i] = WideFx.cast(x[i].multiply(scaleWide[c]).add(shiftWide[c]), sum, layer.outputType(), outStats);
            }
        }
        return Values.of(layer.outputType(), y);
    }

    @Override
    public void valuesFast(long[] x, long[] y, Scratch scratch) {
        NormConstants.Fast f = (NormConstants.Fast) constants;
        int plane = inDims.h() * inDims.w();
        for (int c = 0; c < inDims.c(); c++) {
            long sc = f.scale()[c];
            long sh = f.shift()[c];
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                y[i] = x[i] * sc + sh;
            }
        }
        f.values().apply(y, 0, inDims.size(), y, 0);
    }

    private void fast(NormConstants.Fast f, long[] x, long[] y, FixedStats outStats) {
        int plane = inDims.h() * inDims.w();
        long[] scaleFast = f.scale();
        long[] shiftFast = f.shift();
        Conversion caster = f.out();
        for (int c = 0; c < inDims.c(); c++) {
            long sc = scaleFast[c];
            long sh = shiftFast[c];
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                y[i] = caster.apply(x[i] * sc + sh, outStats);
            }
        }
    }
}
