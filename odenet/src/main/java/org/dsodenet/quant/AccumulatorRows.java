package org.dsodenet.quant;

import java.util.ArrayList;
import java.util.List;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.types.AccumulatorSizer;

/**
 * The outputs of a multiply-accumulate layer whose partial sums could leave a frozen accumulator, by the bound of
 * {@link AccumulatorSizer}: over any inputs of the input type, output o's partial sums lie in {@code [down_o, up_o]}
 * (raws at the accumulator's LSB), and the accumulator holds them iff the narrowest signed type holding
 * {@code [min(0, down_o), max(0, up_o)]} has at most its integer bits, that is iff
 * {@code -2^B <= down_o} and {@code up_o < 2^B} with {@code B = I_acc + F - 1}.
 *
 * <p>The accumulator guard asks this for every layer whose raws changed, on every QAT step; the sizer's exact
 * {@code BigInteger} sums cost more than the rest of the guard. Where every term and sum provably stays within 62
 * bits (every fx8 and fx16 layer) the same bounds are summed in {@code long}s; otherwise the sizer decides, for the
 * whole layer and then one output at a time, as the guard always did.
 */
final class AccumulatorRows {
    /** Largest bit length of a bound summed in longs: one bit of headroom below the sign. */
    private static final int LONG_BITS = 62;

    private AccumulatorRows() {}

    /** The outputs of {@code l}, fed by {@code in}, whose partial sums could overflow {@code acc}; empty if none. */
    static int[] overflowing(QMac l, FixedType in, FixedType acc) {
        AccTypes t = l.types();
        FixedType prod = Fx.mulType(in, t.weight());
        long[] bias = l.bias();
        int frac = Math.max(prod.fracBits(), bias != null ? t.bias().fracBits() : Integer.MIN_VALUE);
        int prodShift = frac - prod.fracBits();
        int biasShift = bias != null ? frac - t.bias().fracBits() : 0;
        int per = l.weights().length / l.outputs();
        // |x| <= 2^Wx, |w| <= 2^Ww, so a shifted product is below 2^(Wx + Ww + shift) and a row of them below
        // 2^(that + ceil(log2 per)); the bias below 2^(Wb + shift); their sum below twice the larger.
        int termBits = in.width() + t.weight().width() + prodShift + (32 - Integer.numberOfLeadingZeros(per - 1));
        int biasBits = bias != null ? t.bias().width() + biasShift : 0;
        if (!in.isFast() || Math.max(termBits, biasBits) + 1 > LONG_BITS) {
            return exact(l, in, acc);
        }
        long b = (long) acc.intBits() + frac - 1;
        return inLongs(l, in.minRaw(), in.maxRaw(), prodShift, biasShift, per, b);
    }

    private static int[] inLongs(QMac l, long xMin, long xMax, int prodShift, int biasShift, int per, long b) {
        long[] w = l.weights();
        long[] bias = l.bias();
        // B >= 62 holds every bound summed here; B < 0 not even a sum of 0 (a signed type needs one bit for it)
        long limit = b >= LONG_BITS ? Long.MAX_VALUE : b < 0 ? 0 : 1L << b;
        List<Integer> bad = new ArrayList<>();
        for (int o = 0; o < l.outputs(); o++) {
            long down = bias == null ? 0 : bias[o] << biasShift;
            long up = down;
            for (int i = o * per; i < (o + 1) * per; i++) {
                long lo = w[i] * xMin;
                long hi = w[i] * xMax;
                down += Math.min(0, Math.min(lo, hi)) << prodShift;
                up += Math.max(0, Math.max(lo, hi)) << prodShift;
            }
            if (b < 0 || !(down >= -limit && up < limit)) {
                bad.add(o);
            }
        }
        return bad.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The sizer's exact bound: the whole layer first, then each output alone as a one-output linear layer. */
    private static int[] exact(QMac l, FixedType in, FixedType acc) {
        if (fits(AccumulatorSizer.accumulator(l, in), acc)) {
            return new int[0];
        }
        long[] w = l.weights();
        long[] b = l.bias();
        int per = w.length / l.outputs();
        List<Integer> bad = new ArrayList<>();
        for (int o = 0; o < l.outputs(); o++) {
            long[] row = new long[per];
            System.arraycopy(w, o * per, row, 0, per);
            QLinear probe = new QLinear(l.name(), per, 1, row, b == null ? null : new long[] {b[o]}, l.types());
            if (!fits(AccumulatorSizer.accumulator(probe, in), acc)) {
                bad.add(o);
            }
        }
        return bad.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean fits(FixedType needed, FixedType acc) {
        return needed.intBits() <= acc.intBits();
    }
}
