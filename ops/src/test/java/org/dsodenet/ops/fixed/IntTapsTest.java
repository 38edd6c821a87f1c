package org.dsodenet.ops.fixed;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.fixedpoint.WideFx;
import org.dsodenet.ops.fixed.kernel.ConvKernel;
import org.dsodenet.ops.fixed.kernel.LayerKernel;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.junit.jupiter.api.Test;

/**
 * The count-free forward's int taps: AP_TRN accumulators that drop bits add each product shifted once, and AP_WRAP
 * accumulators wrap once at the end. Each layer's count-free output raws equal the scalar reference's, on random
 * layers at the edges of the proofs (accumulators just wide enough or one bit short, every overflow mode, biases
 * whose conversion into the accumulator drops bits or overflows, the most negative inputs) and at the int bounds.
 */
class IntTapsTest {

    /** Accumulators that drop 0 to 8 bits by AP_TRN, just wide enough or one integer bit short, every overflow mode. */
    @Test
    void shiftedProductsEqualReference() {
        long[] seen = new long[2]; // int-tap channels, all channels
        qt().withExamples(scaled(500)).forAll(longs().all()).checkAssert(seed -> {
            RandomNets r = new RandomNets(seed, 0);
            SplittableRandom rnd = r.rnd;
            int d = 1 + rnd.nextInt(8);
            OverflowMode o = OverflowMode.fromIndex(rnd.nextInt(5));
            int lessInt = rnd.nextInt(4) == 0 ? 1 : 0;
            check(r, 2, 16, sized -> new FixedType(true, Math.max(1, sized.width() - d - lessInt),
                    sized.intBits() - lessInt, QuantMode.AP_TRN, o, 0), seed, seen, false);
        });
        assertTrue(seen[0] > seen[1] / 3, seen[0] + " of " + seen[1] + " channels on int taps");
    }

    /**
     * AP_WRAP accumulators of 1 to 32 - d bits, signed or not, that overflow, dropping d = 0 to 8 bits (AP_TRN; any
     * rounding mode when none are dropped), on inputs and weights up to 24 bits, whose products leave the ints.
     */
    @Test
    void wrappingAccumulatorsWrapOnceAtTheEnd() {
        long[] seen = new long[3]; // int-tap channels, all channels, layers whose accumulator wrapped
        qt().withExamples(scaled(500)).forAll(longs().all()).checkAssert(seed -> {
            RandomNets r = new RandomNets(seed, 0);
            SplittableRandom rnd = r.rnd;
            int d = rnd.nextInt(9);
            int width = 1 + rnd.nextInt(32 - d);
            boolean signed = rnd.nextInt(4) != 0;
            QuantMode q = d == 0 ? QuantMode.fromIndex(rnd.nextInt(7)) : QuantMode.AP_TRN;
            check(r, 2, 24, sized -> new FixedType(signed, width, width - (sized.fracBits() - d), q,
                    OverflowMode.AP_WRAP, 0), seed, seen, true);
        });
        assertTrue(seen[0] > seen[1] / 2, seen[0] + " of " + seen[1] + " channels on int taps");
        assertTrue(seen[2] > scaled(500) / 4, seen[2] + " layers wrapped");
    }

    /**
     * Products at the int bound: -2^15 · 2^16 = -2^31 fits an int, so a channel of such products dropping 4 bits runs
     * on int taps; -2^15 · -2^16 = 2^31 does not, so it does not. An AP_WRAP accumulator of W bits that drops d bits
     * runs on int taps when W + d ≤ 32, not at 33. Each gives the reference's raw.
     */
    @Test
    void intProofsHoldAtTheirBounds() {
        FixedType xt = FixedType.signed(16, 16);
        FixedType wt = FixedType.signed(18, 18);
        FixedType kept = new FixedType(true, 40, 44, QuantMode.AP_TRN, OverflowMode.AP_SAT, 0); // drops 4 bits
        checkBound(xt, wt, kept, 1L << 16, 1);
        checkBound(xt, wt, kept, -(1L << 16), 0);
        checkBound(xt, wt, new FixedType(true, 28, 32, QuantMode.AP_TRN, OverflowMode.AP_WRAP, 0), -(1L << 16), 1);
        checkBound(xt, wt, new FixedType(true, 29, 33, QuantMode.AP_TRN, OverflowMode.AP_WRAP, 0), -(1L << 16), 0);
    }

    private static void checkBound(FixedType xt, FixedType wt, FixedType acc, long w, int intTaps) {
        Dims in = new Dims(2, 3, 3);
        QMac l = new QPointwiseConv2d("pw", 2, 1, new long[] {w, w}, new long[] {3}, new AccTypes(wt, wt, acc, acc));
        QNetwork net = new QNetwork("bound", in, xt, List.of(l));
        String msg = "w " + w + ", " + acc;
        assertEquals(intTaps, ((ConvKernel) LayerKernel.plan(l, in, xt)).intTapChannels(), msg);
        BigInteger[] x = new BigInteger[in.size()];
        java.util.Arrays.fill(x, WideFx.minRaw(xt));
        OneLayerCheck.assertOutputs(net, x, msg);
    }

    /** A random MAC layer of activations and weights minW..maxW bits wide with the given accumulator, checked. */
    private static void check(RandomNets r, int minW, int maxW, java.util.function.UnaryOperator<FixedType> accOf,
                              long seed, long[] seen, boolean wraps) {
        RandomMacLayer m = RandomMacLayer.draw(r, minW, maxW, 24);
        SplittableRandom rnd = r.rnd;
        int kind = m.kind();
        int per = m.per();
        int cout = m.cout();
        Dims in = m.in();
        FixedType xt = m.xt();
        long[] w = m.w();
        FixedType acc = accOf.apply(m.sized());
        QMac l = m.with(acc, r.type(1, 16));
        QNetwork net = new QNetwork("taps", in, xt, List.of(l));
        BigInteger[] x = OneLayerCheck.edgeInput(r, xt, in.size());
        ReferenceForward.Layer want = OneLayerCheck.assertOutputs(net, x, "seed " + seed + ": " + RandomNets.describe(net));
        ConvKernel kernel = (ConvKernel) LayerKernel.plan(l, in, xt);
        seen[0] += kernel.intTapChannels();
        seen[1] += cout;
        if (wraps && want.acc().wrapped > 0) {
            seen[2]++;
        }
    }
}
