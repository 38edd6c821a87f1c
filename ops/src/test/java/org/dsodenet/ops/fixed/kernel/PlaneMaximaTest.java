package org.dsodenet.ops.fixed.kernel;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link PlaneMaxima} against a plain scan: the largest and the smallest raw of many planes folded position by
 * position (from 0, or from the first plane: the reductions count 0 in) and reduced over the whole plane or a part of it, for planes of 1 to 800 raws of up to 31 bits (both extremes -2^30 and 2^30 - 1 included), small
 * and large, one or many planes, the extremes at any position and of either sign, planes of one sign too.
 */
class PlaneMaximaTest {

    @Test
    void foldedExtremesAreTheLargestAndSmallestRaws() {
        qt().withExamples(scaled(1000)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 40 : 800);
            int planes = 1 + rnd.nextInt(6);
            int bits = 1 + rnd.nextInt(30);
            int sign = rnd.nextInt(3); // 0: both signs, 1: none negative, 2: none positive
            boolean fromFirst = rnd.nextBoolean(); // the folds start at the first plane, not at 0
            int[] most = new int[n + rnd.nextInt(3)]; // longer than the plane: the rest is never read
            int[] least = new int[most.length];
            java.util.Arrays.fill(most, n, most.length, Integer.MAX_VALUE);
            java.util.Arrays.fill(least, n, least.length, Integer.MIN_VALUE);
            long[] hiAt = new long[n];
            long[] loAt = new long[n];
            for (int k = 0; k < planes; k++) {
                int[] x = new int[n];
                for (int p = 0; p < n; p++) {
                    long v = rnd.nextLong(1L << bits);
                    x[p] = (int) (sign == 1 || sign == 0 && rnd.nextBoolean() ? v : -v);
                }
                if (rnd.nextInt(4) == 0) {
                    x[rnd.nextInt(n)] = sign == 2 || sign == 0 && rnd.nextBoolean() ? -(1 << 30) : (1 << 30) - 1;
                }
                for (int p = 0; p < n; p++) {
                    hiAt[p] = Math.max(hiAt[p], x[p]);
                    loAt[p] = Math.min(loAt[p], x[p]);
                }
                if (k == 0 && fromFirst) { // the first plane starts the folds, as a scan's first sample does
                    System.arraycopy(x, 0, most, 0, n);
                    System.arraycopy(x, 0, least, 0, n);
                } else {
                    PlaneMaxima.fold(x, most, least, n);
                }
            }
            // the whole plane, and a part of it (a channel's plane within a sample)
            int from = rnd.nextInt(n);
            int to = from + 1 + rnd.nextInt(n - from);
            for (int[] part : new int[][] {{0, n}, {from, to}}) {
                String msg = "seed " + seed + ", " + planes + " planes of " + n + ", [" + part[0] + ", " + part[1] + ")";
                long hi = java.util.Arrays.stream(hiAt, part[0], part[1]).max().getAsLong();
                long lo = java.util.Arrays.stream(loAt, part[0], part[1]).min().getAsLong();
                assertEquals(hi, PlaneMaxima.max(most, part[0], part[1]), msg + ": largest");
                assertEquals(lo, PlaneMaxima.min(least, part[0], part[1]), msg + ": smallest");
                int[] w = new int[n];
                int[] t = new int[n];
                assertEquals(hi, PlaneMaxima.max(most, part[0], part[1], w, t), msg + ": largest, halving");
                assertEquals(lo, PlaneMaxima.min(least, part[0], part[1], w, t), msg + ": smallest, halving");
            }
        });
    }

    /**
     * The halving reductions against the scalar ones on parts of every length around the halving's threshold and
     * its odd lengths (up to 4·HALVING + 3), each with its only extreme raw at every position in turn (the raw an odd
     * level takes aside included), of either sign and at ±2^30; and w, t shorter than the part (half of it).
     */
    @Test
    void halvingReductionsFindTheExtremeAtEveryPosition() {
        int top = 4 * PlaneMaxima.HALVING + 3;
        int[] w = new int[top / 2];
        int[] t = new int[top / 2];
        SplittableRandom rnd = new SplittableRandom(11);
        for (int n = 1; n <= top; n++) {
            int from = rnd.nextInt(5);
            int[] most = new int[from + n + 2];
            int[] least = new int[most.length];
            for (int p = 0; p < most.length; p++) { // small raws around the part: only the extreme counts
                most[p] = rnd.nextInt(3);
                least[p] = -rnd.nextInt(3);
            }
            java.util.Arrays.fill(most, 0, from, Integer.MAX_VALUE); // outside the part: never read
            java.util.Arrays.fill(least, 0, from, Integer.MIN_VALUE);
            most[from + n] = Integer.MAX_VALUE;
            least[from + n] = Integer.MIN_VALUE;
            for (int at = from; at < from + n; at++) {
                int big = rnd.nextBoolean() ? (1 << 30) - 1 : 3 + rnd.nextInt(1 << 20);
                int keepHi = most[at];
                int keepLo = least[at];
                most[at] = big;
                least[at] = big == (1 << 30) - 1 ? -(1 << 30) : -big;
                String msg = n + " raws from " + from + ", extreme at " + (at - from);
                assertEquals(big, PlaneMaxima.max(most, from, from + n, w, t), msg + ": largest");
                assertEquals(least[at], PlaneMaxima.min(least, from, from + n, w, t), msg + ": smallest");
                most[at] = keepHi;
                least[at] = keepLo;
            }
            assertEquals(PlaneMaxima.max(most, from, from + n), PlaneMaxima.max(most, from, from + n, w, t), n + "");
            assertEquals(PlaneMaxima.min(least, from, from + n), PlaneMaxima.min(least, from, from + n, w, t), n + "");
        }
    }

    /** {@link PlaneMaxima#foldMax} is {@link PlaneMaxima#fold}'s maxima, for planes of no negative raw up to 2^30 - 1. */
    @Test
    void foldMaxIsTheFoldsMaxima() {
        qt().withExamples(scaled(500)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 40 : 800);
            int[] most = new int[n];
            int[] both = new int[n];
            int[] least = new int[n];
            for (int k = 0; k < 1 + rnd.nextInt(5); k++) {
                int[] x = new int[n];
                for (int p = 0; p < n; p++) {
                    x[p] = rnd.nextInt(8) == 0 ? (1 << 30) - 1 : rnd.nextInt(1 << (1 + rnd.nextInt(30)));
                }
                PlaneMaxima.foldMax(x, most, n);
                PlaneMaxima.fold(x, both, least, n);
            }
            assertArrayEquals(both, most, "seed " + seed);
        });
    }
}
