package org.dsodenet.ops.fixed.kernel;

import java.math.BigInteger;
import java.util.Arrays;
import org.dsodenet.fixedpoint.Caster;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.WideFx;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;

/**
 * Every multiply-accumulate layer as one k×k convolution: dense (standard, pointwise with k = 1, linear as a
 * pointwise convolution over the flattened input at a single position) or depthwise (each output channel reads only
 * its own input channel).
 *
 * <p>Each output's reduction runs in the order the model prescribes, input channel, then ky, then kx, with padding
 * taps skipped. The loops visit the output positions innermost, which changes only how the independent reductions
 * of different outputs interleave: every accumulator still receives its terms in that order.
 */
public final class ConvKernel extends LayerKernel {
    private final boolean depthwise;
    private final ConvGeometry g;
    private final int cout;
    private final AccStep step;
    private final boolean hasBias;
    private final FixedStats[] biasEvents;
    private final MacConstants constants;
    private final IntMac intMac;
    private final DoubleMac doubleMac;
    /** The count-free forward's float and double channels; null when there are none. */
    private final RealChannels real;
    /** The count-free forward's channels on int taps (shifted products, or wrapped once); null when there are none. */
    private final IntTapChannels intTaps;
    /** The count-free output conversion of real-tap channels' sums for AP_TRN and AP_RND; null when none qualifies. */
    private final SumRounding sumRounding;
    /** The count-free output conversion of int-tap channels on their int sums; null when it does not qualify. */
    private final IntTapRounding intRounding;
    private final long macsPerChannel;

    private ConvKernel(QLayer layer, Dims inDims, Dims geometry, FixedType inType, boolean depthwise, int cout, int k,
                       int stride, int pad, long[] weights, long[] bias, AccTypes types) {
        super(layer, inDims, inType);
        this.depthwise = depthwise;
        this.g = ConvGeometry.of(geometry.c(), geometry.h(), geometry.w(), k, stride, pad);
        this.cout = cout;
        this.macsPerChannel = macsPerChannel();
        this.step = new AccStep(types.acc(), Fx.mulType(inType, types.weight()));
        boolean fast = step.fast && FastTypes.ok(inType, types.weight(), types.output());
        this.hasBias = bias != null;
        this.biasEvents = new FixedStats[hasBias ? cout : 0];
        BigInteger[] b = hasBias ? FastTypes.castConstants(bias, types.bias(), types.acc(), biasEvents) : null;
        if (fast) {
            long[] wf = new long[weights.length];
            for (int i = 0; i < weights.length; i++) {
                wf[i] = step.alignTerm(weights[i]);
            }
            ChannelProofs proofs = ChannelAnalysis.of(step, weights, types.weight(), wf,
                    hasBias ? FastTypes.longs(b) : null, inType, cout, weights.length / cout);
            // Without dropped bits the int sums run on the unaligned products (see ChannelAnalysis).
            this.constants = new MacConstants.Fast(wf, hasBias ? FastTypes.longs(b) : null,
                    new Conversion(types.acc(), types.output()), new PlaneConversion(types.acc(), types.output()),
                    proofs.exact(), proofs.narrow(),
                    proofs.any() ? ints(step.accShift == 0 ? weights : wf, proofs.narrow(), weights.length / cout)
                            : null, proofs.doubles(),
                    proofs.anyDouble() ? doubles(weights, proofs.doubles(), weights.length / cout) : null);
            this.intMac = proofs.any() ? new IntMac(depthwise, g, step.accShift) : null;
            this.doubleMac = proofs.anyDouble() ? new DoubleMac(depthwise, g) : null;
            TapLayout layout = new TapLayout(g);
            this.real = RealChannels.of(layout, depthwise, g.cin(), k, weights, proofs.floats(), proofs.reals());
            // Int taps only where no real taps are proven: those keep their float or double plane hand-offs.
            boolean[] onReals = new boolean[cout];
            for (int o = 0; o < cout; o++) {
                onReals[o] = proofs.floats()[o] || proofs.reals()[o];
            }
            this.intTaps = IntTapChannels.of(layout, depthwise, k, step, wf, hasBias ? FastTypes.longs(b) : null,
                    proofs.exact(), proofs.narrow(), onReals);
            this.intRounding = intTaps == null ? null
                    : IntTapRounding.of(types.acc(), types.output(), intTaps.wrapShift(), intTaps.unsigned());
            this.sumRounding = real == null ? null : SumRounding.of(types.acc(), types.output(), step.termShift,
                    hasBias ? FastTypes.longs(b) : null, onReals, proofs.floats(), proofs.sumLo(), proofs.sumHi());
        } else {
            BigInteger[] wAligned = new BigInteger[weights.length];
            for (int i = 0; i < weights.length; i++) {
                wAligned[i] = step.alignTerm(Fx.toBig(weights[i], types.weight()));
            }
            this.constants = new MacConstants.Wide(wAligned, b);
            this.intMac = null;
            this.doubleMac = null;
            this.real = null;
            this.intTaps = null;
            this.sumRounding = null;
            this.intRounding = null;
        }
    }

    /** The unaligned weights of the double channels as doubles (the others stay 0, they are never read). */
    private static double[] doubles(long[] weights, boolean[] doubles, int per) {
        double[] out = new double[weights.length];
        for (int o = 0; o < doubles.length; o++) {
            for (int i = o * per; doubles[o] && i < (o + 1) * per; i++) {
                out[i] = weights[i];
            }
        }
        return out;
    }

    /** The int path's weights of the narrow channels as ints (the others stay 0, they are never read). */
    private static int[] ints(long[] wf, boolean[] narrow, int per) {
        int[] out = new int[wf.length];
        for (int o = 0; o < narrow.length; o++) {
            for (int i = o * per; narrow[o] && i < (o + 1) * per; i++) {
                out[i] = Math.toIntExact(wf[i]);
            }
        }
        return out;
    }

    static ConvKernel of(QConv2d l, Dims in, FixedType inType) {
        return new ConvKernel(l, in, in, inType, false, l.cOut(), l.k(), l.stride(), l.pad(), l.weights(), l.bias(),
                l.types());
    }

    static ConvKernel of(QDepthwiseConv2d l, Dims in, FixedType inType) {
        return new ConvKernel(l, in, in, inType, true, l.channels(), l.k(), l.stride(), l.pad(), l.weights(), l.bias(),
                l.types());
    }

    static ConvKernel of(QPointwiseConv2d l, Dims in, FixedType inType) {
        return new ConvKernel(l, in, in, inType, false, l.cOut(), 1, 1, 0, l.weights(), l.bias(), l.types());
    }

    static ConvKernel of(QLinear l, Dims in, FixedType inType) {
        // CHW flattening is the identity on the raw array, so a linear layer is a pointwise convolution on (N,1,1).
        return new ConvKernel(l, in, new Dims(in.size(), 1, 1), inType, false, l.out(), 1, 1, 0, l.weights(), l.bias(),
                l.types());
    }

    @Override
    public boolean fast() {
        return constants instanceof MacConstants.Fast;
    }

    /** Multiply-accumulates per output value (padding taps excluded), the work measure of the benchmarks. */
    public long macs() {
        return macsPerChannel * cout;
    }

    private long macsPerChannel() {
        long n = 0;
        for (int ky = 0; ky < g.k(); ky++) {
            for (int kx = 0; kx < g.k(); kx++) {
                n += g.reach(ky, kx);
            }
        }
        return n * (depthwise ? 1 : g.cin());
    }

    @Override
    public Values forward(Values in, FixedStats accStats, FixedStats outStats) {
        return forward(in, accStats, outStats, true);
    }

    @Override
    public Values values(Values in) {
        return forward(in, new FixedStats(), new FixedStats(), false);
    }

    private Values forward(Values in, FixedStats accStats, FixedStats outStats, boolean count) {
        if (constants instanceof MacConstants.Fast c) {
            long[] out = new long[outDims.size()];
            forwardFast(c, ((LongValues) in).raws(), out, accStats, outStats, count, new Scratch(), RawPlane.LONGS,
                    RawPlane.LONGS);
            return new LongValues(outType, out);
        }
        BigInteger[] out = new BigInteger[outDims.size()];
        forwardWide((MacConstants.Wide) constants, in.bigs(), out, accStats, outStats);
        return Values.of(outType, out);
    }

    /** The fast path on caller-owned arrays (only when {@link #fast()}); allocates one plane of accumulators. */
    public void forwardFast(long[] x, long[] y, FixedStats accStats, FixedStats outStats) {
        forwardFast(c(), x, y, accStats, outStats, true, new Scratch(), RawPlane.LONGS, RawPlane.LONGS);
    }

    /**
     * {@link #forwardFast(long[], long[], FixedStats, FixedStats)} for the values only: the same raws, but the
     * accumulation does not count dropped bits (the counts it would return are incomplete, so it returns none).
     */
    public void valuesFast(long[] x, long[] y) {
        valuesFast(x, y, new Scratch());
    }

    @Override
    public void valuesFast(long[] x, long[] y, Scratch scratch) {
        forwardFast(c(), x, y, scratch.discarded, scratch.discarded, false, scratch, RawPlane.LONGS, RawPlane.LONGS);
    }

    /**
     * {@link #valuesFast(long[], long[], Scratch)} reading the plane the previous layer handed on in {@code scratch}
     * instead of x when {@code in} is not {@link RawPlane#LONGS} (only {@link #inPlane()}), and handing its own
     * outputs on there instead of writing y when {@code out} is not (only {@link #outPlane()}). A layer hands on
     * only to the very next one; it may hand on in turn, as it has copied the plane into its tap layout before it
     * writes any output.
     */
    public void valuesFast(long[] x, long[] y, RawPlane in, RawPlane out, Scratch scratch) {
        forwardFast(c(), x, y, scratch.discarded, scratch.discarded, false, scratch, in, out);
    }

    /**
     * The real plane the count-free forward can take its input in: every channel on float taps (the planning proved
     * every input raw within 2^24) or every channel on double taps (within 2^53); else longs.
     */
    public RawPlane inPlane() {
        if (real != null && count(real.floats()) == cout) {
            return RawPlane.FLOATS;
        }
        if (real != null && count(real.doubles()) == cout) {
            return RawPlane.DOUBLES;
        }
        return RawPlane.LONGS;
    }

    /**
     * The real plane the count-free forward can hand its outputs on in: that of its taps, when the output
     * conversion runs in that type too, leaving each output raw as an exact integer there; else longs.
     */
    public RawPlane outPlane() {
        RawPlane taps = inPlane();
        if (taps == RawPlane.FLOATS && c().values().onFloats()
                || taps == RawPlane.DOUBLES && c().values().onDoubles()) {
            return taps;
        }
        return RawPlane.LONGS;
    }

    /** Output channels that accumulate on ints (planning proved every product and partial sum fits). */
    public int intChannels() {
        return constants instanceof MacConstants.Fast c ? count(c.narrowChannel()) : 0;
    }

    /** Output channels that accumulate on doubles (not on ints, but every partial sum is within 2^53). */
    public int doubleChannels() {
        return constants instanceof MacConstants.Fast c ? count(c.doubleChannel()) : 0;
    }

    /** Output channels the count-free forward runs on floats (every term and partial sum within 2^24). */
    public int floatChannels() {
        return real != null ? count(real.floats()) : 0;
    }

    /** Output channels the count-free forward runs on doubles (within 2^53, not within 2^24). */
    public int realDoubleChannels() {
        return real != null ? count(real.doubles()) : 0;
    }

    /** Real-tap channels whose count-free output conversion folds the bias into the sum ({@link SumRounding}). */
    public int roundedChannels() {
        return sumRounding != null ? sumRounding.count() : 0;
    }

    /** Whether the int-tap channels convert to the output on their int sums ({@link IntTapRounding}). */
    public boolean intTapsRounded() {
        return intRounding != null;
    }

    /** Output channels the count-free forward runs on int taps (shifted products, or wrapped once). */
    public int intTapChannels() {
        return intTaps != null ? count(intTaps.channels()) : 0;
    }

    /** Whether the count-free forward runs every output channel on float, double or int taps. */
    private boolean onTaps() {
        for (int oc = 0; oc < cout; oc++) {
            boolean onReal = real != null && (real.floats()[oc] || real.doubles()[oc]);
            if (!onReal && (intTaps == null || !intTaps.channels()[oc])) {
                return false;
            }
        }
        return true;
    }

    /** Output channels. */
    public int channels() {
        return cout;
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean b : flags) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /** The planned geometry (package-private: for {@link FloatBatchConv}). */
    ConvGeometry geometry() {
        return g;
    }

    boolean isDepthwise() {
        return depthwise;
    }

    /** The float and double channels of the count-free forward, or null. */
    RealChannels realChannels() {
        return real;
    }

    /** The real-tap channels whose output conversion folds the bias into the sum, or null. */
    SumRounding sumRounding() {
        return sumRounding;
    }

    /** The products' alignment shift in the accumulator: the exact sums are {@code Σ x·w}, the value bias + sum·2^s. */
    int termShift() {
        return step.termShift;
    }

    /** The fast path's constants (only when {@link #fast()}). */
    MacConstants.Fast fastConstants() {
        return c();
    }

    private MacConstants.Fast c() {
        if (!(constants instanceof MacConstants.Fast c)) {
            throw new IllegalStateException(layer().name() + " needs the wide path");
        }
        return c;
    }

    private void forwardFast(MacConstants.Fast c, long[] x, long[] y, FixedStats accStats, FixedStats outStats,
                             boolean count, Scratch scratchArrays, RawPlane in, RawPlane out) {
        final int cin = g.cin();
        final int h = g.h();
        final int w = g.w();
        final int k = g.k();
        final int stride = g.stride();
        final int pad = g.pad();
        final int ho = g.ho();
        final int wo = g.wo();
        final int plane = ho * wo;
        final long[] acc = scratchArrays.acc(count || real == null ? plane : Math.max(plane, real.layout().accSize()));
        final RealChannels rc = count ? null : real;
        final IntTapChannels it = count ? null : intTaps;
        // The int and double copies of x serve only channels the count-free forward does not run on taps.
        final boolean others = count || !onTaps();
        final int[] xInt = intMac == null || !others ? null : scratchArrays.ints(x, inDims.size());
        final int[] accInt = intMac == null || !others ? null : scratchArrays.accInt(plane);
        final double[] xDouble = doubleMac == null || !others ? null : scratchArrays.doubles(x, inDims.size());
        final double[] accDouble = doubleMac == null || !others ? null : scratchArrays.accDouble(plane);
        final long[] wts = c.weights();
        final long[] bias = c.bias();
        final boolean[] exactChannel = c.exactChannel();
        final long lo = step.lo;
        final long hi = step.hi;
        final int sh = step.accShift;
        final long mask = step.mask;
        final Caster sc = step.caster;
        final FixedStats scratch = new FixedStats();
        long steps = 0;
        long dropped = 0;
        final boolean dense1x1 = k == 1 && stride == 1 && pad == 0;
        final float[] xsFloat = rc != null && rc.anyFloat() ? scratchArrays.floatTaps(rc.layout()) : null;
        final double[] xsDouble = rc != null && rc.anyDouble() ? scratchArrays.doubleTaps(rc.layout()) : null;
        if (xsFloat != null) {
            if (in == RawPlane.FLOATS) {
                rc.layout().fill(scratchArrays.handedFloats(inDims.size()), xsFloat);
            } else {
                rc.layout().fill(x, xsFloat);
            }
        }
        if (xsDouble != null) {
            if (in == RawPlane.DOUBLES) {
                rc.layout().fill(scratchArrays.handedDoubles(inDims.size()), xsDouble);
            } else {
                rc.layout().fill(x, xsDouble);
            }
        }
        // Read after the fill: the plane handed in is the one this layer may hand on.
        final float[] yFloat = out == RawPlane.FLOATS ? scratchArrays.handedFloats(outDims.size()) : null;
        final double[] yDouble = out == RawPlane.DOUBLES ? scratchArrays.handedDoubles(outDims.size()) : null;
        final int per = wts.length / cout;
        final int[] xsInt = it == null ? null : scratchArrays.intTaps.taps(it.layout());
        if (xsInt != null) {
            it.layout().fill(x, xsInt);
        }
        boolean floatRows = false; // whether the dense layer's float rows are copied yet
        boolean doubleRows = false;
        boolean intRows = false;
        for (int oc = 0; oc < cout; oc++) {
            if (it != null && it.channels()[oc]) {
                TapLayout lay = it.layout();
                int n = lay.accSize();
                int[][] rows = scratchArrays.intTaps.rows(per, n);
                if (depthwise || !intRows) {
                    IntTaps.rows(xsInt, it.offsets(), oc * per, per, rows, n);
                    intRows = !depthwise;
                }
                int[] sums = scratchArrays.intTaps.sums(n);
                IntTaps.sum(rows, it.weights(), oc * per, per, it.init()[oc], it.shift(), sums, n);
                if (intRounding != null) {
                    intRounding.apply(sums, n, lay.cols(), ho, wo, y, oc * plane);
                    continue;
                }
                for (int oy = 0; oy < ho; oy++) {
                    int s0 = lay.accIndex(oy, 0);
                    for (int ox = 0; ox < wo; ox++) {
                        acc[oy * wo + ox] = it.value(sums[s0 + ox]);
                    }
                }
                c.values().apply(acc, 0, plane, y, oc * plane);
                continue;
            }
            if (rc != null && (rc.floats()[oc] || rc.doubles()[oc])) { // keeps every bit: unaligned, without the bias
                long b0 = hasBias ? bias[oc] : 0L;
                TapLayout lay = rc.layout();
                int n = lay.accSize();
                // Rows as wide as the output's convert straight into y; wider ones go through acc.
                boolean direct = lay.cols() == wo;
                long[] dst = direct ? y : acc;
                int d0 = direct ? oc * plane : 0;
                // A dense layer's channels share their taps' rows, copied once; a depthwise channel has its own.
                if (rc.floats()[oc]) {
                    float[][] rows = scratchArrays.floatRows(per, n);
                    if (depthwise || !floatRows) {
                        FloatTaps.rows(xsFloat, rc.offsets(), oc * per, per, rows, n);
                        floatRows = !depthwise;
                    }
                    float[] sums = scratchArrays.floatAcc(n);
                    FloatTaps.sum(rows, rc.floatWeights(), oc * per, per, sums, n);
                    if (yFloat != null) {
                        c.values().rawsInPlace(sums, n, b0, step.termShift);
                        for (int oy = 0; oy < ho; oy++) {
                            System.arraycopy(sums, lay.accIndex(oy, 0), yFloat, oc * plane + oy * wo, wo);
                        }
                        continue;
                    }
                    if (sumRounding != null && sumRounding.has(oc) && !c.values().onFloats()) {
                        sumRounding.apply(sums, n, oc, lay.cols(), ho, wo, y, oc * plane);
                        continue;
                    }
                    c.values().fromSums(sums, n, b0, step.termShift, dst, d0);
                } else {
                    double[][] rows = scratchArrays.doubleRows(per, n);
                    if (depthwise || !doubleRows) {
                        DoubleTaps.rows(xsDouble, rc.offsets(), oc * per, per, rows, n);
                        doubleRows = !depthwise;
                    }
                    double[] sums = scratchArrays.doubleAcc(n);
                    DoubleTaps.sum(rows, rc.doubleWeights(), oc * per, per, sums, n);
                    if (yDouble != null) {
                        c.values().rawsInPlace(sums, n, b0, step.termShift);
                        for (int oy = 0; oy < ho; oy++) {
                            System.arraycopy(sums, lay.accIndex(oy, 0), yDouble, oc * plane + oy * wo, wo);
                        }
                        continue;
                    }
                    if (sumRounding != null && sumRounding.has(oc) && !c.values().onDoubles()) {
                        sumRounding.apply(sums, n, oc, lay.cols(), ho, wo, y, oc * plane);
                        continue;
                    }
                    c.values().fromSums(sums, n, b0, step.termShift, dst, d0);
                }
                if (!direct) {
                    for (int oy = 0; oy < ho; oy++) {
                        System.arraycopy(acc, lay.accIndex(oy, 0), y, oc * plane + oy * wo, wo);
                    }
                }
                continue;
            }
            if (c.narrowChannel()[oc]) {
                long b0 = hasBias ? bias[oc] : 0L;
                Arrays.fill(accInt, 0, plane, sh == 0 ? 0 : (int) b0);
                dropped += intMac.channel(oc, xInt, c.narrowWeights(), accInt, count);
                steps += macsPerChannel;
                if (sh == 0) { // the int sum is on unaligned weights and without the bias
                    for (int p = 0; p < plane; p++) {
                        acc[p] = b0 + ((long) accInt[p] << step.termShift);
                    }
                } else {
                    for (int p = 0; p < plane; p++) {
                        acc[p] = accInt[p];
                    }
                }
                convert(c, acc, plane, y, oc * plane, outStats, count);
                if (hasBias) {
                    FastTypes.addTimes(accStats, biasEvents[oc], plane);
                }
                continue;
            }
            if (c.doubleChannel()[oc]) { // keeps every bit: the double sum is on unaligned weights, without the bias
                long b0 = hasBias ? bias[oc] : 0L;
                Arrays.fill(accDouble, 0, plane, 0.0);
                doubleMac.channel(oc, xDouble, c.doubleWeights(), accDouble);
                steps += macsPerChannel;
                for (int p = 0; p < plane; p++) {
                    acc[p] = b0 + ((long) accDouble[p] << step.termShift);
                }
                convert(c, acc, plane, y, oc * plane, outStats, count);
                if (hasBias) {
                    FastTypes.addTimes(accStats, biasEvents[oc], plane);
                }
                continue;
            }
            Arrays.fill(acc, 0, plane, hasBias ? bias[oc] : 0L);
            int icLo = depthwise ? oc : 0;
            int icHi = depthwise ? oc + 1 : cin;
            final boolean exact = exactChannel[oc];
            for (int ic = icLo; ic < icHi; ic++) {
                int xPlane = ic * h * w;
                int wBase = (oc * (icHi - icLo) + (ic - icLo)) * k * k;
                if (dense1x1) {
                    long wv = wts[wBase];
                    steps += plane;
                    if (exact) {
                        dropped += add(acc, 0, x, xPlane, 1, plane, wv, sh, mask, count);
                        continue;
                    }
                    for (int p = 0; p < plane; p++) {
                        long s = (acc[p] << sh) + x[xPlane + p] * wv;
                        long q = s >> sh;
                        if (q >= lo && q <= hi) {
                            acc[p] = q;
                            dropped += ((s & mask) + mask) >>> sh; // 1 when any dropped bit is set
                        } else {
                            acc[p] = sc.apply(s, scratch);
                        }
                    }
                    continue;
                }
                for (int ky = 0; ky < k; ky++) {
                    int oyLo = g.firstOut(ky);
                    int oyHi = g.lastRow(ky);
                    for (int kx = 0; kx < k; kx++) {
                        int oxLo = g.firstOut(kx);
                        int oxHi = g.lastCol(kx);
                        if (oyLo > oyHi || oxLo > oxHi) {
                            continue;
                        }
                        long wv = wts[wBase + ky * k + kx];
                        steps += (long) (oyHi - oyLo + 1) * (oxHi - oxLo + 1);
                        for (int oy = oyLo; oy <= oyHi; oy++) {
                            int xRow = xPlane + (oy * stride + ky - pad) * w + kx - pad;
                            int aRow = oy * wo;
                            if (exact) {
                                dropped += add(acc, aRow + oxLo, x, xRow + oxLo * stride, stride, oxHi - oxLo + 1,
                                        wv, sh, mask, count);
                                continue;
                            }
                            for (int ox = oxLo; ox <= oxHi; ox++) {
                                long s = (acc[aRow + ox] << sh) + x[xRow + ox * stride] * wv;
                                long q = s >> sh;
                                if (q >= lo && q <= hi) {
                                    acc[aRow + ox] = q;
                                    dropped += ((s & mask) + mask) >>> sh;
                                } else {
                                    acc[aRow + ox] = sc.apply(s, scratch);
                                }
                            }
                        }
                    }
                }
            }
            convert(c, acc, plane, y, oc * plane, outStats, count);
            if (hasBias) {
                FastTypes.addTimes(accStats, biasEvents[oc], plane);
            }
        }
        accStats.conversions += steps;
        accStats.quantized += dropped;
        FastTypes.addEvents(accStats, scratch);
    }

    /** The output conversion of one plane: counted, or the count-free plane conversion. */
    private static void convert(MacConstants.Fast c, long[] acc, int n, long[] y, int y0, FixedStats outStats,
                                boolean count) {
        if (count) {
            c.out().applyAll(acc, n, y, y0, outStats);
        } else {
            c.values().apply(acc, 0, n, y, y0);
        }
    }

    private void forwardWide(MacConstants.Wide c, BigInteger[] x, BigInteger[] y, FixedStats accStats,
                             FixedStats outStats) {
        final int cin = g.cin();
        final int h = g.h();
        final int w = g.w();
        final int k = g.k();
        final int stride = g.stride();
        final int pad = g.pad();
        final int ho = g.ho();
        final int wo = g.wo();
        final int plane = ho * wo;
        final BigInteger[] weightsWide = c.weights();
        final BigInteger[] biasWide = c.bias();
        final BigInteger[] acc = new BigInteger[plane];
        for (int oc = 0; oc < cout; oc++) {
            for (int p = 0; p < plane; p++) {
                if (hasBias) {
                    acc[p] = biasWide[oc];
                    accStats.add(biasEvents[oc]);
                } else {
                    acc[p] = BigInteger.ZERO;
                }
            }
            int icLo = depthwise ? oc : 0;
            int icHi = depthwise ? oc + 1 : cin;
            for (int ic = icLo; ic < icHi; ic++) {
                int xPlane = ic * h * w;
                int wBase = (oc * (icHi - icLo) + (ic - icLo)) * k * k;
                for (int ky = 0; ky < k; ky++) {
                    for (int kx = 0; kx < k; kx++) {
                        BigInteger wv = weightsWide[wBase + ky * k + kx];
                        for (int oy = 0; oy < ho; oy++) {
                            int iy = oy * stride + ky - pad;
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            for (int ox = 0; ox < wo; ox++) {
                                int ix = ox * stride + kx - pad;
                                if (ix < 0 || ix >= w) {
                                    continue;
                                }
                                int a = oy * wo + ox;
                                acc[a] = step.wide(acc[a], x[xPlane + iy * w + ix].multiply(wv), accStats);
                            }
                        }
                    }
                }
            }
            for (int p = 0; p < plane; p++) {
                y[oc * plane + p] = WideFx.cast(acc[p], step.acc, outType, outStats);
            }
        }
    }

    /**
     * {@code acc[a + i] += (x[x0 + i·stride] · w) >> sh} for i < n, on channels proven not to overflow; returns how
     * many increments dropped nonzero bits. Separate loops so the common cases vectorize.
     */
    private static long add(long[] acc, int a, long[] x, int x0, int stride, int n, long w, int sh, long mask,
                            boolean count) {
        if (sh == 0) {
            if (stride == 1) {
                for (int i = 0; i < n; i++) {
                    acc[a + i] += x[x0 + i] * w;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    acc[a + i] += x[x0 + i * stride] * w;
                }
            }
            return 0;
        }
        if (!count) {
            for (int i = 0; i < n; i++) {
                acc[a + i] += (x[x0 + i * stride] * w) >> sh;
            }
            return 0;
        }
        long dropped = 0;
        for (int i = 0; i < n; i++) {
            long p = x[x0 + i * stride] * w;
            acc[a + i] += p >> sh;
            dropped += ((p & mask) + mask) >>> sh;
        }
        return dropped;
    }
}
