package org.dsodenet.ops.fixed.kernel;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link PlaneMaxima} against a plain scan: the largest magnitude of many planes folded position by position, for
 * planes of 1 to 800 raws of up to 31 bits (both extremes ±(2^31 - 1) included), small and large, one or many planes,
 * the maximum at any position and of either sign.
 */
class PlaneMaximaTest {

    @Test
    void foldedMaximumIsTheLargestMagnitude() {
        qt().withExamples(scaled(1000)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 40 : 800);
            int planes = 1 + rnd.nextInt(6);
            int bits = 1 + rnd.nextInt(31);
            int[] most = new int[n + rnd.nextInt(3)]; // longer than the plane: the rest is never read
            java.util.Arrays.fill(most, n, most.length, Integer.MAX_VALUE);
            java.util.Arrays.fill(most, 0, n, 0);
            long want = 0;
            for (int k = 0; k < planes; k++) {
                int[] x = new int[n];
                for (int p = 0; p < n; p++) {
                    long v = rnd.nextLong(1L << bits) * (rnd.nextBoolean() ? 1 : -1);
                    x[p] = (int) Math.max(v, -Integer.MAX_VALUE);
                }
                if (rnd.nextInt(4) == 0) {
                    x[rnd.nextInt(n)] = rnd.nextBoolean() ? Integer.MAX_VALUE : -Integer.MAX_VALUE;
                }
                for (int v : x) {
                    want = Math.max(want, Math.abs((long) v));
                }
                PlaneMaxima.fold(x, most, n);
            }
            assertEquals(want, PlaneMaxima.max(most, n), "seed " + seed + ", " + planes + " planes of " + n);
        });
    }
}
