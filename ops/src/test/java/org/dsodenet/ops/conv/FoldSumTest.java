package org.dsodenet.ops.conv;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Rows#foldSum} is a sum in one documented order: the back half added onto the front half while more than
 * 64 values remain (the middle value of an odd count stays in the front), then {@link Rows#sum}. Checked bit for
 * bit against that order written out with plain indices, and against an exact double sum within the rounding
 * bound of a float sum, for lengths around the fold points.
 */
class FoldSumTest {
    static float halvingReference(float[] a, int len) {
        float[] v = java.util.Arrays.copyOf(a, len);
        int n = len;
        while (n > 64) {
            int half = (n + 1) / 2;
            for (int i = 0; i + half < n; i++) {
                v[i] = v[i] + v[i + half];
            }
            n = half;
        }
        return Rows.sum(v, n);
    }

    @Test
    void foldSumFollowsTheHalvingOrderAndStaysNearTheExactSum() {
        qt().withExamples(scaled(300))
                .forAll(integers().between(0, 3000), longs().all())
                .checkAssert((len, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    float[] a = new float[len + rng.nextInt(4)];
                    double exact = 0;
                    double abs = 0;
                    for (int i = 0; i < a.length; i++) {
                        a[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(7) - 3));
                        if (i < len) {
                            exact += a[i];
                            abs += Math.abs(a[i]);
                        }
                    }
                    float expected = halvingReference(a, len);
                    float got = Rows.foldSum(a.clone(), new float[len], len);
                    assertEquals(expected, got, 0f, "length " + len);
                    // a float sum of n terms errs by at most about log2(n) + 8 roundings of the absolute sum here
                    double bound = (Math.log(len + 2) / Math.log(2) + 8) * Math.ulp(1f) * abs + Float.MIN_NORMAL;
                    assertTrue(Math.abs(got - exact) <= bound, "length " + len + ": " + got + " vs " + exact);
                });
    }
}
