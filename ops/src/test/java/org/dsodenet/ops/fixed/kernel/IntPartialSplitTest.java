package org.dsodenet.ops.fixed.kernel;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link IntPartialSplit} against exact long arithmetic: where {@link IntPartialSplit#bits} gives a split p for
 * per-channel input ranges, every input within them (the ranges' ends drawn often) gives sums whose low part is
 * {@code B} exactly (it never wrapped) and whose {@code A + (B >> p)} is {@code floor(z / 2^p)}, with
 * {@code B ≡ z (mod 2^p)}; so {@code z = 2^p·(A + (B >> p)) + (B & (2^p - 1))} for
 * {@code z = K + Σ x·w}. Taps 1 to 40 (groups of four and a tail), dense and depthwise reads, weights and raws of up
 * to 31 bits, ranges of one sign or both, positions 1 to 60.
 */
class IntPartialSplitTest {

    @Test
    void splitPartialSumsRecomposeTheExactSum() {
        int[] seen = new int[2]; // examples with a split, without
        qt().withExamples(scaled(2000)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int count = 1 + rnd.nextInt(40);
            int kk = rnd.nextBoolean() ? 1 : 9;
            int cin = (count + kk - 1) / kk;
            int only = rnd.nextInt(3) == 0 ? rnd.nextInt(cin) : -1;
            int n = 1 + rnd.nextInt(60);
            int wBits = 1 + rnd.nextInt(31);
            int xBits = 1 + rnd.nextInt(30);
            int[] w = new int[count + 3];
            int w0 = rnd.nextInt(4);
            for (int t = 0; t < count; t++) {
                w[w0 + t] = (int) (rnd.nextLong(1L << wBits) - (1L << (wBits - 1)));
            }
            long[] hi = new long[cin];
            long[] lo = new long[cin];
            for (int c = 0; c < cin; c++) {
                hi[c] = rnd.nextInt(3) == 0 ? 0 : rnd.nextLong(1L << xBits);
                lo[c] = rnd.nextInt(3) == 0 ? 0 : -rnd.nextLong((1L << xBits) + 1);
            }
            long k = rnd.nextLong(-(1L << rnd.nextInt(31)), 1L << rnd.nextInt(31));
            int dropped = 1 + rnd.nextInt(30);
            int p = IntPartialSplit.bits(w, w0, count, kk, only, hi, lo, k, dropped);
            seen[p > 0 ? 0 : 1]++;
            if (p == 0) {
                return;
            }
            assertTrue(p < dropped, "p " + p + " of " + dropped);
            int[][] rows = new int[count][n];
            for (int t = 0; t < count; t++) {
                int ic = only >= 0 ? only : t / kk;
                for (int a = 0; a < n; a++) {
                    int end = rnd.nextInt(4);
                    rows[t][a] = (int) (end == 0 ? hi[ic] : end == 1 ? lo[ic] : rnd.nextLong(lo[ic], hi[ic] + 1));
                }
            }
            int[] high = new int[n + 2];
            int[] low = new int[n + 2];
            IntPartialSplit.sum(rows, w, w0, count, p, (int) k, high, low, n);
            for (int a = 0; a < n; a++) {
                long z = k;
                long b = k;
                for (int t = 0; t < count; t++) {
                    z += (long) rows[t][a] * w[w0 + t];
                }
                // B's true value: K plus each partial's low p bits, the partials grouped as sum groups them
                int full = count / 4 * 4;
                long s = 0;
                for (int t = 0; t < count; t++) {
                    s += (long) rows[t][a] * w[w0 + t];
                    if (t % 4 == 3 || t >= full) {
                        b += s & ((1L << p) - 1);
                        s = 0;
                    }
                }
                String msg = "seed " + seed + " position " + a + ", p " + p;
                assertEquals(b, low[a], msg + ": B");
                assertEquals(Math.floorDiv(z, 1L << p), high[a] + (low[a] >> p), msg + ": floor(z / 2^p)");
                assertEquals(Math.floorMod(z, 1L << p), low[a] & ((1 << p) - 1), msg + ": z mod 2^p");
            }
        });
        assertTrue(seen[0] > 200 && seen[1] > 200, seen[0] + " examples with a split, " + seen[1] + " without");
    }

    /**
     * The low part's bound at its edge: B runs from K up to {@code K + G·(2^p - 1)} for G partials, so a split is
     * given while that top is 2^31 - 1 and refused at 2^31, where inputs at their maxima make B wrap. One partial
     * (one tap) and two (five taps: a group of four and a tail), p = 1 (the smallest split, taken first).
     */
    @Test
    void lowPartBoundHoldsExactlyAtItsEdge() {
        for (int count : new int[] {1, 5}) {
            int groups = count == 1 ? 1 : 2;
            int[] w = new int[count];
            java.util.Arrays.fill(w, 1);
            long[] hi = {1};
            long[] lo = {0};
            long atEdge = Integer.MAX_VALUE - groups;
            assertEquals(1, IntPartialSplit.bits(w, 0, count, count, -1, hi, lo, atEdge, 2), count + " taps at the edge");
            assertEquals(0, IntPartialSplit.bits(w, 0, count, count, -1, hi, lo, atEdge + 1, 2), count + " taps past it");
            int[][] rows = new int[count][1];
            rows[0][0] = 1; // each partial (taps 0..3, then tap 4) odd: B reaches its top
            rows[count - 1][0] = 1;
            int[] high = new int[1];
            int[] low = new int[1];
            IntPartialSplit.sum(rows, w, 0, count, 1, (int) atEdge, high, low, 1);
            assertEquals(Integer.MAX_VALUE, low[0], count + " taps: B at 2^31 - 1");
            IntPartialSplit.sum(rows, w, 0, count, 1, (int) atEdge + 1, high, low, 1);
            assertTrue(low[0] < 0, count + " taps: one past, B wraps (why the split is refused)");
        }
    }
}
