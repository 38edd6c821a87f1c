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
            int[] ends = new int[count + 1];
            int p = IntPartialSplit.bits(w, w0, count, kk, only, hi, lo, k, dropped, ends);
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
            IntPartialSplit.sum(rows, w, w0, ends, p, (int) k, new int[n + 1], high, low, n);
            for (int a = 0; a < n; a++) {
                long z = k;
                long b = k;
                for (int t = 0; t < count; t++) {
                    z += (long) rows[t][a] * w[w0 + t];
                }
                // B's true value: K plus each partial's low p bits, the partials grouped as sum groups them
                long s = 0;
                for (int t = 0, g = 1; t < count; t++) {
                    s += (long) rows[t][a] * w[w0 + t];
                    if (t + 1 == ends[g]) {
                        b += s & ((1L << p) - 1);
                        s = 0;
                        g++;
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
     * The low part's bound at its edge: B runs from K up to {@code K + G·(2^p - 1)} for G groups, so a split is given
     * while that top is 2^31 - 1 and refused at 2^31, where inputs whose every partial has its low p bits set make B
     * wrap. One tap (one group); five taps whose ranges let the block of four and the tail share a group; five whose
     * ranges do not (taps 0..3 read a channel within 2^29 - 1, tap 4 one within 2^30: 2^31 - 4 and 2^30 apart, more
     * than an int together), so two groups, and p = 2 since floor(z / 2) would pass an int.
     */
    @Test
    void lowPartBoundHoldsExactlyAtItsEdge() {
        edge("one tap", 1, 1, new long[] {1}, 1, 1);
        edge("five taps, one group", 5, 5, new long[] {1}, 1, 1);
        edge("five taps, two groups", 5, 4, new long[] {(1L << 29) - 1, 1L << 30}, 2, 2);
    }

    private static void edge(String msg, int count, int kk, long[] hi, int p, int groups) {
        int[] w = new int[count];
        java.util.Arrays.fill(w, 1);
        long[] lo = new long[hi.length];
        long atEdge = Integer.MAX_VALUE - groups * ((1L << p) - 1);
        int[] ends = new int[count + 1];
        assertEquals(0, IntPartialSplit.bits(w, 0, count, kk, -1, hi, lo, atEdge + 1, p + 2, ends), msg + ": past it");
        assertEquals(p, IntPartialSplit.bits(w, 0, count, kk, -1, hi, lo, atEdge, p + 2, ends), msg + ": at the edge");
        assertEquals(groups, ends[0], msg + ": groups");
        int[][] rows = new int[count][1];
        rows[0][0] = (1 << p) - 1; // the first partial's low p bits all set
        if (groups == 2) {
            rows[count - 1][0] = (1 << p) - 1; // and the second's, tap 4 a group of its own
        }
        int[] high = new int[1];
        int[] low = new int[1];
        IntPartialSplit.sum(rows, w, 0, ends, p, (int) atEdge, new int[1], high, low, 1);
        assertEquals(Integer.MAX_VALUE, low[0], msg + ": B at 2^31 - 1");
        IntPartialSplit.sum(rows, w, 0, ends, p, (int) atEdge + 1, new int[1], high, low, 1);
        assertTrue(low[0] < 0, msg + ": one past, B wraps (why the split is refused)");
    }

    /**
     * A group takes the next block while its partial's bounds stay within an int: two taps reading inputs at
     * 2^30 and 2^30 - 1 (weights 1) share a group, their partial at 2^31 - 1; at 2^30 and 2^30 they do not (2^31
     * would wrap). Below alike: weights -1 and -2 on 2^30 and 2^29 reach -2^31 in one group; one more raw of the
     * second, two groups. Inputs at those ends recompose z exactly either way.
     */
    @Test
    void groupsJoinWhileTheirPartialFitsAnInt() {
        join("top, at the edge", new int[] {1, 1}, new long[] {1L << 30, (1L << 30) - 1}, 1);
        join("top, one past", new int[] {1, 1}, new long[] {1L << 30, 1L << 30}, 2);
        join("bottom, at the edge", new int[] {-1, -2}, new long[] {1L << 30, 1L << 29}, 1);
        join("bottom, one past", new int[] {-1, -2}, new long[] {1L << 30, (1L << 29) + 1}, 2);
    }

    private static void join(String msg, int[] w, long[] hi, int groups) {
        int[] ends = new int[w.length + 1];
        int p = IntPartialSplit.bits(w, 0, w.length, 1, -1, hi, new long[hi.length], 0, 30, ends);
        assertTrue(p > 0, msg + ": a split");
        assertEquals(groups, ends[0], msg + ": groups");
        int[][] rows = new int[w.length][1];
        long z = 0;
        for (int t = 0; t < w.length; t++) {
            rows[t][0] = (int) hi[t];
            z += (long) w[t] * hi[t];
        }
        int[] high = new int[1];
        int[] low = new int[1];
        IntPartialSplit.sum(rows, w, 0, ends, p, 0, new int[1], high, low, 1);
        assertEquals(Math.floorDiv(z, 1L << p), high[0] + (low[0] >> p), msg + ": floor(z / 2^p)");
        assertEquals(Math.floorMod(z, 1L << p), low[0] & ((1 << p) - 1), msg + ": z mod 2^p");
    }
}
