package org.dsodenet.ops.fixed.kernel;

import java.math.BigInteger;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.WideFx;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QGlobalAvgPool;

/**
 * Global average pooling: per channel {@code acc = acc + x} in row-major order (each sum converted to the
 * accumulator), then {@code out = acc * recip} (exact product, one conversion).
 */
public final class PoolKernel extends LayerKernel {
    private final QGlobalAvgPool layer;
    private final AccStep step;
    private final FixedType prod;
    private final boolean fast;
    private final Conversion outCaster;
    private final BigInteger recip;

    PoolKernel(QGlobalAvgPool layer, Dims in, FixedType inType) {
        super(layer, in, inType);
        this.layer = layer;
        this.step = new AccStep(layer.accType(), inType);
        this.prod = Fx.mulType(layer.accType(), layer.recipType());
        this.fast = step.fast && FastTypes.ok(layer.recipType(), prod, layer.outputType());
        this.outCaster = fast ? new Conversion(prod, layer.outputType()) : null;
        this.recip = Fx.toBig(layer.recipRaw(), layer.recipType());
    }

    @Override
    public boolean fast() {
        return fast;
    }

    @Override
    public Values forward(Values in, FixedStats accStats, FixedStats outStats) {
        int plane = inDims.h() * inDims.w();
        int channels = inDims.c();
        if (fast) {
            long[] y = new long[channels];
            fast(((LongValues) in).raws(), y, accStats, outStats);
            return new LongValues(layer.outputType(), y);
        }
        BigInteger[] x = in.bigs();
        BigInteger[] y = new BigInteger[channels];
        for (int c = 0; c < channels; c++) {
            BigInteger acc = BigInteger.ZERO;
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                acc = step.wide(acc, step.alignTerm(x[i]), accStats);
            }
            y[c] = WideFx.cast(acc.multiply(recip), prod, layer.outputType(), outStats);
        }
        return Values.of(layer.outputType(), y);
    }

    @Override
    public void valuesFast(long[] x, long[] y, Scratch scratch) {
        fast(x, y, scratch.discarded, scratch.discarded);
    }

    private void fast(long[] x, long[] y, FixedStats accStats, FixedStats outStats) {
        int plane = inDims.h() * inDims.w();
        int channels = inDims.c();
        long lo = step.lo;
        long hi = step.hi;
        int sh = step.accShift;
        int xsh = step.termShift;
        long r = layer.recipRaw();
        long mask = step.mask;
        long dropped = 0;
        FixedStats scratch = new FixedStats();
        for (int c = 0; c < channels; c++) {
            long acc = 0;
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                long s = (acc << sh) + (x[i] << xsh);
                long q = s >> sh;
                if (q >= lo && q <= hi) {
                    acc = q;
                    dropped += ((s & mask) + mask) >>> sh;
                } else {
                    acc = step.caster.apply(s, scratch);
                }
            }
            y[c] = outCaster.apply(acc * r, outStats);
        }
        accStats.conversions += (long) channels * plane;
        accStats.quantized += dropped;
        FastTypes.addEvents(accStats, scratch);
    }
}
