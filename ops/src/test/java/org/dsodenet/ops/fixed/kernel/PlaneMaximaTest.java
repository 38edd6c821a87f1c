package org.dsodenet.ops.fixed.kernel;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link PlaneMaxima} against a plain scan: the largest and the smallest raw of many planes folded position by
 * position (from 0) and reduced over the whole plane or a part of it, for planes of 1 to 800 raws of up to 31 bits (both extremes -2^30 and 2^30 - 1 included), small
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
                PlaneMaxima.fold(x, most, least, n);
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
            }
        });
    }
}
