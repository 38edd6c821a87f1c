package org.dsodenet.ops.fixed.kernel;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.Caster;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.junit.jupiter.api.Test;

/**
 * {@link ShiftRounding} against the caster and {@link IntSumRounding#apply}, raw for raw: sums started from
 * {@code K + offset} (or given apart from their initial values) and shifted must give the outputs the accumulator
 * {@code b + (z - K)·2^s} casts to.
 */
class ShiftRoundingTest {

    /**
     * Random accumulator and output types (AP_TRN, AP_RND, AP_RND_CONV; AP_SAT, AP_SAT_SYM; signed and unsigned;
     * outputs dropping 0 to 20 bits of z, or adding some), alignments 0–7 and per channel a bias without bits below
     * the alignment, with exactly its half (β's first bit alone: a tie of β's own when nothing else is dropped), and
     * with random ones (the sticky bit). Sums from -zLimit up to the largest {@link ShiftRounding#takes} accepts,
     * which must be one below the one it refuses; ties of the dropped bits, one either side, the clamp's edges and
     * anything between; with the clamp and (against {@code apply} without it) without.
     */
    @Test
    void offsetSumsShiftToTheCastersRaws() {
        int[] seen = new int[4]; // plans; parity shifts (ties to even); e = 0 with β's first bit; sums at the end taken
        qt().withExamples(scaled(2000)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            FixedType acc = FixedType.signed(42 + rnd.nextInt(18), 20 + rnd.nextInt(20));
            int shift = rnd.nextInt(8);
            QuantMode[] qs = {QuantMode.AP_TRN, QuantMode.AP_RND, QuantMode.AP_RND_CONV, QuantMode.AP_RND_CONV};
            int w = 2 + rnd.nextInt(29);
            // e = frac(acc) - frac(out) - shift: often 0, else up to 20 dropped or a few added
            int e = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(24) - 3;
            int frac = acc.fracBits() - shift - e;
            FixedType out = new FixedType(rnd.nextInt(4) != 0, w, w - frac, qs[rnd.nextInt(4)],
                    rnd.nextBoolean() ? OverflowMode.AP_SAT : OverflowMode.AP_SAT_SYM, 0);
            long[] bias = new long[3];
            for (int c = 0; c < 3; c++) {
                long high = (rnd.nextLong(1L << 20) - (1L << 19)) << shift;
                bias[c] = shift == 0 || c == 0 ? high : high + (c == 1 ? 1L << (shift - 1) : rnd.nextLong(1L << shift));
            }
            IntSumRounding r = IntSumRounding.of(acc, out, shift, bias, 3);
            if (r == null) {
                return;
            }
            ShiftRounding sr = ShiftRounding.of(r, 3);
            if (r.dropped() < 0) {
                assertNull(sr, "adds bits: no shift");
                return;
            }
            seen[0]++;
            Caster ref = Caster.of(acc, out);
            for (int oc = 0; oc < 3; oc++) {
                long lim = r.zLimit();
                long top = lim - sr.offset(oc) - 1; // the largest sum taken
                assertTrue(sr.takes(oc, top) && !sr.takes(oc, top + 1), "the largest sum taken, " + top);
                seen[1] += parity(r, sr, oc) ? 1 : 0;
                seen[2] += r.dropped() == 0 && r.first(oc) == 1 ? 1 : 0;
                int n = 48;
                int[] z = new int[n];
                int[] shifted = new int[n];
                for (int i = 0; i < n; i++) {
                    z[i] = (int) sum(rnd, i, lim, top, r);
                    shifted[i] = z[i] + sr.offset(oc);
                    seen[3] += z[i] == top ? 1 : 0;
                }
                int[] unclamped = shifted.clone();
                int[] init = new int[n]; // the same sums with part of them (to 2^32) as initial values
                int[] rest = new int[n];
                for (int i = 0; i < n; i++) {
                    init[i] = rnd.nextInt();
                    rest[i] = shifted[i] - init[i];
                }
                int[] restUnclamped = rest.clone();
                sr.finish(rest, init, n, oc, true);
                sr.finish(restUnclamped, init, n, oc, false);
                sr.finish(shifted, n, oc, true);
                int[] apply = z.clone();
                r.apply(apply, 0, n, oc, false);
                sr.finish(unclamped, n, oc, false);
                for (int i = 0; i < n; i++) {
                    long want = ref.apply(bias[oc] + ((z[i] - r.k(oc)) << shift));
                    String at = acc + " -> " + out + ", shift " + shift + ", bias " + bias[oc] + ", z " + z[i];
                    assertEquals(want, shifted[i], at);
                    assertEquals(apply[i], unclamped[i], at + ", unclamped");
                    assertEquals(want, rest[i], at + ", initial values apart");
                    assertEquals(apply[i], restUnclamped[i], at + ", initial values apart, unclamped");
                }
            }
        });
        assertTrue(seen[0] > 1200 && seen[1] > 700 && seen[2] > 400 && seen[3] > 10000, Arrays.toString(seen)
                + ": plans; ties to even by parity; e = 0 with β's first bit; sums at the end taken");
    }

    /** Whether oc's shift rounds ties to even by parity: AP_RND_CONV with a first dropped bit and no sticky bit. */
    private static boolean parity(IntSumRounding r, ShiftRounding sr, int oc) {
        return r.mode() == QuantMode.AP_RND_CONV && r.sticky(oc) == 0 && (r.dropped() > 0 || r.first(oc) == 1);
    }

    /** A sum within [-lim, top]: the ends, ties of the dropped bits and one either side, the clamp's edges, anywhere. */
    private static long sum(SplittableRandom rnd, int i, long lim, long top, IntSumRounding r) {
        int e = r.dropped();
        switch (i % 8) {
            case 0:
                return i % 16 == 0 ? -lim : top;
            case 1:
            case 2: { // a tie of z's dropped bits, one below or one above
                if (e == 0) {
                    return rnd.nextLong(-lim, top + 1);
                }
                long f = rnd.nextLong(-(lim >> e), (top >> e) - 1);
                return Math.max(-lim, Math.min(top, (f << e) + (1L << (e - 1)) + (i % 3) - 1));
            }
            case 3: { // where the clamp starts: the kept value at either end of the output's raws, and past it
                long edge = (i % 16 == 3 ? (long) r.clampHi() : (long) r.clampLo()) << e;
                return Math.max(-lim, Math.min(top, edge + rnd.nextLong(-2, 3) * (1L << e) / 2 + rnd.nextInt(3) - 1));
            }
            default:
                return rnd.nextLong(-lim, top + 1);
        }
    }

    /** A conversion that adds bits has no shift; one that drops none rounds by β's bits alone. */
    @Test
    void addingBitsHasNoShift() {
        FixedType acc = FixedType.signed(48, 24);
        FixedType fine = new FixedType(true, 30, 2, QuantMode.AP_RND_CONV, OverflowMode.AP_SAT, 0); // 28 > 24 bits
        IntSumRounding adds = IntSumRounding.of(acc, fine, 0, new long[] {0}, 1);
        assertTrue(adds != null && adds.dropped() < 0, "a plan adding bits");
        assertNull(ShiftRounding.of(adds, 1));
        FixedType out = new FixedType(true, 16, 2, QuantMode.AP_RND_CONV, OverflowMode.AP_SAT, 0);
        IntSumRounding none = IntSumRounding.of(acc, out, 10, new long[] {1L << 9}, 1); // β's first bit: a tie
        ShiftRounding sr = ShiftRounding.of(none, 1);
        assertEquals(0, none.dropped());
        assertEquals(0, sr.offset(0), "a tie of β's alone rounds to even by parity, no offset");
        int[] z = {4, 5, -3, -4};
        sr.finish(z, 4, 0, true);
        assertEquals("[4, 6, -2, -4]", Arrays.toString(z));
        assertFalse(sr.takes(0, none.zLimit()), "no room for the parity step at the limit");
    }
}
