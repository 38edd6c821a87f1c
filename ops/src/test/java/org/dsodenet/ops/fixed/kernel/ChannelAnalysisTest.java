package org.dsodenet.ops.fixed.kernel;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.fixedpoint.WideFx;
import org.dsodenet.fixedpoint.testing.RandomTypes;
import org.junit.jupiter.api.Test;

/**
 * The planning analysis on longs gives the BigInteger analysis's proofs, channel for channel, wherever
 * {@link ChannelAnalysis#fitsLongs} lets it run: random input, weight and accumulator types (accumulators that keep
 * every bit, drop bits, or align the weights up), random modes, weights uniform, all at their extremes or a few
 * extremes among small ones, and widths drawn around the switch-over, where the bound sums come within a factor of
 * two of 2^63.
 */
class ChannelAnalysisTest {
    /** Cases whose magnitude bits plus the bits of per + 1 are exactly 63 (long) and 64 (BigInteger). */
    private int atSwitchLong;
    private int pastSwitch;
    private int exactChannels;

    @Test
    void longAnalysisEqualsBigIntegerAnalysis() {
        qt().withExamples(scaled(3000)).forAll(longs().all()).checkAssert(this::check);
        assertTrue(atSwitchLong >= 20, "cases at the switch-over on longs: " + atSwitchLong);
        assertTrue(pastSwitch >= 20, "cases one past the switch-over: " + pastSwitch);
        assertTrue(exactChannels >= 100, "channels proven exact: " + exactChannels);
    }

    /**
     * The class edges themselves: with inputs 0 or 1 and two weights, the bound sum is the weights' sum, set to each
     * edge (2^31 - 1 and -2^31 for ints, 2^24 for floats, 2^53 for doubles) and one past it, on both signs. Random
     * weights almost never land there, and an edge off by one would move a channel between kernels.
     */
    @Test
    void classEdgesAreExactOnBothAnalyses() {
        FixedType xt = FixedType.parse("ap_ufixed<1,1>");
        FixedType wt = FixedType.parse("ap_fixed<58,58>");
        AccStep step = new AccStep(FixedType.parse("ap_fixed<62,62>"), Fx.mulType(xt, wt));
        assertTrue(step.fast && step.accShift == 0 && step.termShift == 0, "a step that keeps every bit");
        long[][] edges = {{(1L << 31) - 1, 1, 0, 1, 1}, {1L << 31, 0, 0, 1, 1}, {-(1L << 31), 1, 0, 1, 1},
            {-(1L << 31) - 1, 0, 0, 1, 1}, {1L << 24, 1, 1, 1, 1}, {(1L << 24) + 1, 1, 0, 1, 1},
            {-(1L << 24) - 1, 1, 0, 1, 1}, {1L << 53, 0, 0, 1, 1}, {(1L << 53) + 1, 0, 0, 0, 0},
            {-(1L << 53) - 1, 0, 0, 0, 0}};
        for (long[] e : edges) {
            long sum = e[0];
            long[] w = {sum / 2, sum - sum / 2};
            ChannelProofs big = bigs(step, w, wt, w.clone(), null, xt, 1, 2);
            ChannelProofs lng = ChannelAnalysis.longs(step, w, w.clone(), null, xt.minRaw(), xt.maxRaw(), 1, 2);
            assertSame(big, lng, sum);
            String s = "bound sum " + sum;
            assertTrue(big.exact()[0], s);
            assertEquals(e[1] == 1, big.narrow()[0], s + ": int");
            assertEquals(e[2] == 1, big.floats()[0], s + ": float");
            assertEquals(e[3] == 1, big.narrow()[0] || big.doubles()[0], s + ": int or double");
            assertEquals(e[4] == 1, big.floats()[0] || big.reals()[0], s + ": float or double (count-free)");
        }
    }

    private void check(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        // per + 1 just below a power of two puts the bound sums closest to 2^(magnitude bits + bits of per + 1)
        int perKind = rnd.nextInt(4);
        int per = perKind == 0 ? 1 + rnd.nextInt(3) : perKind == 1 ? (1 << 2 + rnd.nextInt(8)) - 2
                : 1 + rnd.nextInt(400);
        int outs = 1 + rnd.nextInt(4);
        int perBits = 64 - Long.numberOfLeadingZeros(per + 1L);
        boolean edge = rnd.nextBoolean();
        int total = edge ? Math.max(2, 63 - perBits + rnd.nextInt(5) - 2) : 2 + rnd.nextInt(40);
        int xw = 1 + rnd.nextInt(Math.min(62, total - 1));
        int ww = Math.max(1, Math.min(62, total - xw));
        FixedType xt = type(rnd, xw, edge);
        FixedType wt = type(rnd, ww, edge);
        FixedType term = Fx.mulType(xt, wt);
        if (term.width() > 63) {
            return;
        }
        AccStep step = null;
        for (int tries = 0; tries < 8 && (step == null || !step.fast); tries++) {
            int kind = rnd.nextInt(3); // keeps every bit, drops bits, aligns the weights up
            int shift = kind == 0 ? 0 : kind == 1 ? -1 - rnd.nextInt(8) : 1 + rnd.nextInt(8);
            int accF = term.fracBits() + shift;
            int aw = Math.max(1, 64 - rnd.nextInt(Math.max(1, 64 - term.width() + 8)));
            FixedType acc = RandomTypes.withRandomModes(rnd, FixedType.of(true, aw, aw - accF));
            if (rnd.nextBoolean()) {
                acc = acc.withModes(QuantMode.AP_TRN, acc.overflow(), acc.satBits());
            }
            step = new AccStep(acc, term);
        }
        if (!step.fast) {
            return;
        }
        long[] w = weights(rnd, wt, outs * per);
        long[] wf = new long[w.length];
        for (int i = 0; i < w.length; i++) {
            wf[i] = step.alignTerm(w[i]);
        }
        long[] bias = rnd.nextBoolean() ? null : raws(rnd, step.acc, outs);
        if (bias != null && rnd.nextBoolean()) {
            atWindowEdge(rnd, step, wf, bias, xt, per);
        }
        ChannelProofs big = bigs(step, w, wt, wf, bias, xt, outs, per);
        assertSame(big, ChannelAnalysis.of(step, w, wt, wf, bias, xt, outs, per), seed);
        if (ChannelAnalysis.fitsLongs(step, w, wf, bias, xt, per)) {
            assertSame(big, ChannelAnalysis.longs(step, w, wf, bias, xt.minRaw(), xt.maxRaw(), outs, per), seed);
        }
        int bits = magnitudeBits(wf, bias, xt) + perBits;
        boolean fits = ChannelAnalysis.fitsLongs(step, w, wf, bias, xt, per);
        atSwitchLong += bits == 63 && fits ? 1 : 0;
        pastSwitch += bits == 64 && !fits ? 1 : 0;
        for (boolean e : big.exact()) {
            exactChannels += e ? 1 : 0;
        }
    }

    /**
     * Moves each bias so that the lowest partial sum the bounds allow lands on the accumulator's window's lower end,
     * one below or one above it (where the bias stays a raw of the accumulator), so that an increment off by one
     * changes a proof.
     */
    private static void atWindowEdge(SplittableRandom rnd, AccStep step, long[] wf, long[] bias, FixedType xt,
                                     int per) {
        if (step.lo > step.hi) {
            return;
        }
        for (int o = 0; o < bias.length; o++) {
            BigInteger down = BigInteger.ZERO;
            for (int i = o * per; i < (o + 1) * per; i++) {
                BigInteger a = BigInteger.valueOf(wf[i]).multiply(WideFx.minRaw(xt)).shiftRight(step.accShift);
                BigInteger b = BigInteger.valueOf(wf[i]).multiply(WideFx.maxRaw(xt)).shiftRight(step.accShift);
                down = down.add(a.min(b).min(BigInteger.ZERO));
            }
            BigInteger want = BigInteger.valueOf(step.lo).subtract(down).add(BigInteger.valueOf(rnd.nextInt(3) - 1));
            if (want.compareTo(WideFx.minRaw(step.acc)) >= 0 && want.compareTo(WideFx.maxRaw(step.acc)) <= 0) {
                bias[o] = want.longValueExact();
            }
        }
    }

    /** The BigInteger analysis on the same layer, from exact BigInteger weights (aligned by shifting, not modulo). */
    private static ChannelProofs bigs(AccStep step, long[] w, FixedType wt, long[] wf, long[] bias, FixedType xt,
                                      int outs, int per) {
        BigInteger[] raw = new BigInteger[w.length];
        BigInteger[] aligned = new BigInteger[w.length];
        for (int i = 0; i < w.length; i++) {
            raw[i] = Fx.toBig(w[i], wt);
            aligned[i] = raw[i].shiftLeft(step.termShift);
        }
        BigInteger[] b = null;
        if (bias != null) {
            b = new BigInteger[bias.length];
            for (int o = 0; o < b.length; o++) {
                b[o] = BigInteger.valueOf(bias[o]);
            }
        }
        return ChannelAnalysis.bigs(step, raw, aligned, b, WideFx.minRaw(xt), WideFx.maxRaw(xt), outs, per);
    }

    /** The exact bit length of the largest |aligned weight| plus that of the largest |input|, or of the bias. */
    private static int magnitudeBits(long[] wf, long[] bias, FixedType xt) {
        int wBits = 0;
        for (long v : wf) {
            wBits = Math.max(wBits, BigInteger.valueOf(v).abs().bitLength());
        }
        int m = wBits + Math.max(WideFx.minRaw(xt).abs().bitLength(), WideFx.maxRaw(xt).abs().bitLength());
        for (int o = 0; bias != null && o < bias.length; o++) {
            m = Math.max(m, BigInteger.valueOf(bias[o]).abs().bitLength());
        }
        return m;
    }

    /** Unsigned types reach 2^W - 1, about twice a signed type's magnitude: more of them near the switch-over. */
    private static FixedType type(SplittableRandom rnd, int width, boolean edge) {
        boolean signed = edge ? rnd.nextBoolean() : rnd.nextInt(4) != 0;
        return RandomTypes.withRandomModes(rnd, FixedType.of(signed, width, rnd.nextInt(width + 9) - 4));
    }

    /**
     * Uniform, all at the type's end of the largest magnitude (the bound sums at their largest), at random ends, or
     * small with a few ends among them.
     */
    private static long[] weights(SplittableRandom rnd, FixedType t, int n) {
        int kind = rnd.nextInt(4);
        long[] w = new long[n];
        long largest = Math.abs((double) t.minRaw()) > t.maxRaw() ? t.minRaw() : t.maxRaw();
        for (int i = 0; i < n; i++) {
            if (kind == 3) {
                w[i] = largest;
            } else if (kind == 1 || kind == 2 && rnd.nextInt(16) == 0) {
                w[i] = rnd.nextBoolean() ? t.minRaw() : t.maxRaw();
            } else if (kind == 2) {
                w[i] = Math.max(t.minRaw(), Math.min(t.maxRaw(), rnd.nextInt(5) - 2));
            } else {
                w[i] = uniform(rnd, t);
            }
        }
        return w;
    }

    private static long[] raws(SplittableRandom rnd, FixedType t, int n) {
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[i] = rnd.nextInt(4) == 0 ? (rnd.nextBoolean() ? t.minRaw() : t.maxRaw()) : uniform(rnd, t);
        }
        return r;
    }

    private static long uniform(SplittableRandom rnd, FixedType t) {
        return t.maxRaw() == Long.MAX_VALUE ? rnd.nextLong(t.minRaw(), t.maxRaw()) : rnd.nextLong(t.minRaw(),
                t.maxRaw() + 1);
    }

    private static void assertSame(ChannelProofs want, ChannelProofs got, long seed) {
        String s = "seed " + seed;
        assertArrayEquals(want.exact(), got.exact(), s);
        assertArrayEquals(want.narrow(), got.narrow(), s);
        assertArrayEquals(want.doubles(), got.doubles(), s);
        assertArrayEquals(want.floats(), got.floats(), s);
        assertArrayEquals(want.reals(), got.reals(), s);
        assertArrayEquals(want.sumLo(), got.sumLo(), s);
        assertArrayEquals(want.sumHi(), got.sumHi(), s);
    }
}
