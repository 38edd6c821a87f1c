package org.dsodenet.ops.fixed;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.ops.fixed.kernel.ConvKernel;
import org.dsodenet.ops.fixed.kernel.LayerKernel;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.junit.jupiter.api.Test;

/**
 * The count-free output conversions on the taps' own sums: float and double sums with the bias folded into one
 * integer and rounded by a float (double) add ({@code SumRounding}), and int sums rounded and clamped on ints
 * ({@code IntTapRounding}). Each layer's count-free raws equal the scalar reference's, on random layers with AP_TRN,
 * AP_RND and AP_RND_CONV outputs that saturate (AP_SAT, AP_SAT_SYM) or not, dropping from none to past 30 bits or
 * adding bits, output widths up to and past each path's limit, biases, and the most negative inputs; and at the
 * float path's bound on |S + K|.
 */
class TapRoundingTest {

    /** Accumulators that keep every bit (float or double taps), outputs at and past the rounded path's limits. */
    @Test
    void roundedRealSumsEqualReference() {
        long[] seen = new long[3]; // rounded channels on floats, on doubles, all channels
        qt().withExamples(scaled(800)).forAll(longs().all()).checkAssert(seed -> {
            RandomNets r = new RandomNets(seed, 0);
            SplittableRandom rnd = r.rnd;
            boolean narrow = rnd.nextBoolean(); // float taps, else mostly double taps
            int extraInt = rnd.nextInt(3) == 0 ? rnd.nextInt(30) : 0; // accumulators wider than needed
            ConvKernel k = check(r, narrow ? 2 : 10, narrow ? 10 : 24, sized -> new FixedType(sized.signed(),
                    Math.min(62, sized.width() + extraInt), sized.intBits() + extraInt, QuantMode.AP_TRN,
                    OverflowMode.AP_SAT, 0), narrow ? 23 : 52, seed);
            seen[k.realDoubleChannels() > 0 ? 1 : 0] += k.roundedChannels();
            seen[2] += k.channels();
        });
        assertTrue(seen[0] > seen[2] / 15, seen[0] + " of " + seen[2] + " channels rounded on floats");
        assertTrue(seen[1] > seen[2] / 15, seen[1] + " of " + seen[2] + " channels rounded on doubles");
    }

    /**
     * Int taps (AP_TRN accumulators dropping 1 to 8 bits, or AP_WRAP ones of up to 32 - d bits, signed or not),
     * outputs rounded on the int sums.
     */
    @Test
    void roundedIntSumsEqualReference() {
        long[] seen = new long[2]; // layers rounded on ints, layers on int taps
        qt().withExamples(scaled(800)).forAll(longs().all()).checkAssert(seed -> {
            RandomNets r = new RandomNets(seed, 0);
            SplittableRandom rnd = r.rnd;
            int d = 1 + rnd.nextInt(8);
            boolean wraps = rnd.nextBoolean();
            int width = 1 + rnd.nextInt(32 - d);
            boolean signed = rnd.nextInt(4) != 0;
            UnaryOperator<FixedType> acc = wraps
                    ? sized -> new FixedType(signed, width, width - (sized.fracBits() - d), QuantMode.AP_TRN,
                            OverflowMode.AP_WRAP, 0)
                    : sized -> new FixedType(true, Math.max(1, sized.width() - d), sized.intBits(),
                            QuantMode.AP_TRN, OverflowMode.AP_SAT, 0);
            ConvKernel k = check(r, 2, wraps ? 20 : 14, acc, 31, seed);
            seen[0] += k.intTapsRounded() ? 1 : 0;
            seen[1] += k.intTapChannels() > 0 ? 1 : 0;
        });
        assertTrue(seen[0] > seen[1] / 4, seen[0] + " of " + seen[1] + " int-tap layers rounded on ints");
    }

    /**
     * The float path's bound, {@code |S + K| + 2^(e-1) + 1 ≤ 2^22}: a pointwise layer whose proven sum bound is
     * {@code S = -2^22} (weight 2^21, inputs down to -2) with a bias that puts {@code S + K} exactly at
     * {@code -(2^22 - 2^(e-1) - 1)} rounds on floats, one further does not; for e = 1 and e = 5, AP_RND and AP_TRN,
     * on the most negative input, each gives the reference's raw.
     */
    @Test
    void floatRoundingHoldsAtItsBound() {
        for (int e : new int[] {1, 5}) {
            for (QuantMode q : new QuantMode[] {QuantMode.AP_RND, QuantMode.AP_TRN}) {
                long limit = (1L << 22) - (1L << (e - 1)) - 1;
                long r = q == QuantMode.AP_RND ? 1L << (e - 1) : 0;
                // K = b + r (no alignment shift), S = -2^22 on x = -2: S + K = -limit, then -(limit + 1).
                long b = (1L << 22) - limit - r;
                checkFloatBound(e, q, b, 1);
                checkFloatBound(e, q, b - 1, 0);
            }
        }
    }

    private static void checkFloatBound(int e, QuantMode q, long bias, int rounded) {
        FixedType xt = FixedType.signed(2, 2); // raws -2 .. 1
        FixedType wt = FixedType.signed(24, 24);
        FixedType acc = FixedType.signed(40, 40); // keeps every bit; the bias type too, so b is the raw
        FixedType out = new FixedType(true, 23, 23 + e, q, OverflowMode.AP_SAT, 0); // drops e bits
        Dims in = new Dims(1, 1, 1);
        QMac l = new QPointwiseConv2d("pw", 1, 1, new long[] {1L << 21}, new long[] {bias},
                new AccTypes(wt, acc, acc, out));
        QNetwork net = new QNetwork("bound", in, xt, List.of(l));
        String msg = "e " + e + " " + q + " bias " + bias;
        ConvKernel kernel = (ConvKernel) LayerKernel.plan(l, in, xt);
        assertEquals(1, kernel.floatChannels(), msg + ": on float taps");
        assertEquals(rounded, kernel.roundedChannels(), msg + ": rounded on its taps");
        OneLayerCheck.assertOutputs(net, new BigInteger[] {BigInteger.valueOf(-2)}, msg);
    }

    /**
     * A random MAC layer of activations and weights {@code minW..maxW} bits wide with the given accumulator and a
     * random output type (signed or not, up to {@code maxOut} bits and a few past it, fractional bits from past the
     * accumulator's to 34 fewer, a quarter of them the accumulator's; AP_TRN, AP_RND or AP_RND_CONV; AP_SAT or
     * AP_SAT_SYM, now and then AP_WRAP), checked; returns its kernel.
     */
    private static ConvKernel check(RandomNets r, int minW, int maxW, UnaryOperator<FixedType> accOf, int maxOut,
                                    long seed) {
        RandomMacLayer m = RandomMacLayer.draw(r, minW, maxW, 24);
        SplittableRandom rnd = r.rnd;
        int kind = m.kind();
        int per = m.per();
        int cout = m.cout();
        Dims in = m.in();
        FixedType xt = m.xt();
        long[] w = m.w();
        FixedType acc = accOf.apply(m.sized());
        QuantMode[] modes = {QuantMode.AP_TRN, QuantMode.AP_RND, QuantMode.AP_RND_CONV};
        OverflowMode[] overflows = {OverflowMode.AP_SAT, OverflowMode.AP_SAT, OverflowMode.AP_SAT_SYM,
            OverflowMode.AP_WRAP};
        boolean signed = rnd.nextInt(4) != 0;
        int outW = 1 + rnd.nextInt(maxOut + 2);
        // A quarter keep the accumulator's LSB (no bits dropped: the sums are the raws up to the bias).
        int outFrac = rnd.nextInt(4) == 0 ? acc.fracBits() : acc.fracBits() + 2 - rnd.nextInt(37);
        FixedType out = new FixedType(signed, outW, outW - outFrac, modes[rnd.nextInt(3)], overflows[rnd.nextInt(4)],
                0);
        QMac l = m.with(acc, out);
        QNetwork net = new QNetwork("rounding", in, xt, List.of(l));
        BigInteger[] x = OneLayerCheck.edgeInput(r, xt, in.size());
        OneLayerCheck.assertOutputs(net, x, "seed " + seed + ": " + RandomNets.describe(net));
        return (ConvKernel) LayerKernel.plan(l, in, xt);
    }
}
