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
}
