package org.dsodenet.ops.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.dsodenet.ops.parallel.Parallel;
import org.dsodenet.ops.testing.Rand;
import org.junit.jupiter.api.Test;

/**
 * The forward on channel rows with weight rows ({@link StackedForward}) must give the very floats of the column
 * kernel ({@link DepthwiseKernel#forward}) and of the tall planes ({@link DepthwisePlaneForward#onTallPlanes}): the
 * same products in the same order, with the off-plane taps dropped by a weight of ±0 instead of read as zero
 * padding. Compared bit for bit (signs of zero included) on drawn shapes, with several channel groups, on sums that
 * are exactly zero, after scratch rows full of NaN and infinities, with geometries taking turns (the tap masks are
 * kept per geometry) and with infinite and NaN weights.
 */
class StackedForwardTest {
    private static float[] reference(DepthwiseCase cs, float[] x, float[] wt, float[] bias) {
        float[] y = new float[x.length];
        DepthwiseKernel.forward(cs.columns(), x, wt, bias, y);
        return y;
    }

    private static TallPlanes planes(DepthwiseCase cs) {
        return new TallPlanes(cs.batch(), cs.channels(), cs.h(), cs.w(), cs.win());
    }

    private static float[] stacked(DepthwiseCase cs, float[] x, float[] wt, float[] bias) {
        TallPlanes p = planes(cs);
        assertTrue(StackedForward.takes(p, bias), cs.toString());
        float[] y = new float[x.length];
        Arrays.fill(y, Float.NaN);
        StackedForward.forward(p, x, wt, bias, y, null);
        return y;
    }

    private static float[] tall(DepthwiseCase cs, float[] x, float[] wt, float[] bias) {
        float[] y = new float[x.length];
        DepthwisePlaneForward.onTallPlanes(planes(cs), x, wt, bias, y, null);
        return y;
    }

    /** Small maps only: sizes 1 to 8 (at most 64 positions), kernels 1, 3, 5. */
    private static DepthwiseCase draw(int batch, int channels, int size, long seed) {
        DepthwiseCase cs = DepthwisePlaneKernelTest.draw(batch, channels, Math.min(size, 8), seed);
        return cs.h() * cs.w() > StackedForward.MAX_PLANE
                ? new DepthwiseCase(batch, channels, 8, 8, cs.win(), cs.bias(), seed) : cs;
    }

    @Test
    void equalsTheColumnKernelAndTheTallPlanesBitForBit() {
        DepthwiseCase.forAll(200, 40, StackedForwardTest::draw, 11, (cs, rng) -> {
            float[] x = cs.input(rng);
            float[] wt = cs.weights(rng);
            float[] bias = cs.bias() ? Rand.normals(cs.channels(), rng) : null;
            float[] ref = reference(cs, x, wt, bias);
            assertArrayEquals(ref, stacked(cs, x, wt, bias), cs.toString());
            assertArrayEquals(ref, tall(cs, x, wt, bias), cs.toString());
        });
    }

    /**
     * Maps of the network and channel counts that need several groups, the last one shorter (37 channels of 7×7:
     * 13, 13 and 11), kernels 1, 3 and 5, with and without biases.
     */
    @Test
    void equalsTheColumnKernelOnSeveralGroups() {
        SplittableRandom rng = new SplittableRandom(23);
        int[][] shapes = {{7, 64}, {7, 37}, {7, 17}, {5, 40}, {8, 13}, {4, 70}, {1, 900}};
        for (int[] s : shapes) {
            for (int k = 1; k <= 5; k += 2) {
                for (boolean withBias : new boolean[] {false, true}) {
                    DepthwiseCase cs = new DepthwiseCase(5, s[1], s[0], s[0], new Window(k, 1, (k - 1) / 2),
                            withBias, 0);
                    DepthwiseGradRows rows = new DepthwiseGradRows(planes(cs), DepthwiseGradRows.TARGET);
                    assertTrue(rows.groups > 1 || s[1] < 17, cs + " should need several groups");
                    float[] x = cs.input(rng);
                    float[] wt = cs.weights(rng);
                    float[] bias = withBias ? Rand.normals(cs.channels(), rng) : null;
                    assertArrayEquals(reference(cs, x, wt, bias), stacked(cs, x, wt, bias), cs.toString());
                }
            }
        }
    }

    /**
     * The largest groups a row holds ({@link StackedForward#TARGET} positions: 800 channels of 1×1, 32 of 5×5, 25 of
     * 4×8): the biases the sums start from sit {@link WeightRowTaps#STARTS} after the first tap's weights in the same
     * row, and must stay apart from them.
     */
    @Test
    void theLargestGroupsKeepTheirStartsApartFromTheWeights() {
        SplittableRandom rng = new SplittableRandom(26);
        int[][] shapes = {{1, 1, 800}, {5, 5, 32}, {4, 8, 25}, {8, 8, 12}};
        for (int[] s : shapes) {
            for (int k = 1; k <= 5; k += 2) {
                DepthwiseCase cs = new DepthwiseCase(3, s[2], s[0], s[1], new Window(k, 1, (k - 1) / 2), true, 0);
                DepthwiseGradRows rows = new DepthwiseGradRows(planes(cs), StackedForward.TARGET);
                assertTrue(rows.positions(0) <= WeightRowTaps.STARTS, cs.toString());
                float[] x = cs.input(rng);
                float[] wt = cs.weights(rng);
                float[] bias = Rand.normals(cs.channels(), rng);
                assertArrayEquals(reference(cs, x, wt, bias), stacked(cs, x, wt, bias), cs.toString());
            }
        }
    }

    /**
     * Inputs, weights and biases of small integers with many zeros of both signs (no bias of -0, which
     * {@link StackedForward#takes} leaves to the tall planes): many sums are exactly zero, so a dropped tap that
     * left -0 where the padded path has +0 (or the reverse) shows as a different bit.
     */
    @Test
    void exactZerosKeepTheirSign() {
        DepthwiseCase.forAll(150, 12, StackedForwardTest::draw, 12, (cs, rng) -> {
            float[] pool = {0f, -0f, 0f, -0f, 1f, -1f, 2f, -3f};
            float[] x = Rand.floats(cs.batch() * cs.channels() * cs.h() * cs.w(), () -> pool[rng.nextInt(8)]);
            float[] wt = Rand.floats(cs.channels() * cs.taps(), () -> pool[rng.nextInt(8)]);
            float[] bias = cs.bias() ? Rand.floats(cs.channels(), () -> pool[rng.nextInt(8)] + 0f) : null;
            assertArrayEquals(reference(cs, x, wt, bias), stacked(cs, x, wt, bias), cs.toString());
        });
    }

    /**
     * A bias of -0 goes to the tall planes: a sum that starts at -0 stays -0 only while every product is -0, and a
     * dropped tap's product has the signs of its weight and its neighbouring input here and the sign of its weight
     * there. Weights of -0 and inputs of +0 or -1: a sum stays -0 where its window's inputs are all +0, and here it
     * would turn +0 where a dropped tap reads a -1.
     */
    @Test
    void aBiasOfMinusZeroRunsOnTheTallPlanes() {
        SplittableRandom rng = new SplittableRandom(24);
        DepthwiseCase cs = new DepthwiseCase(8, 6, 7, 7, new Window(3, 1, 1), true, 0);
        float[] x = Rand.floats(cs.batch() * cs.channels() * 49, () -> rng.nextInt(10) < 7 ? 0f : -1f);
        float[] wt = Rand.floats(cs.channels() * cs.taps(), () -> -0f);
        float[] bias = {-0f, -0f, -0f, 1f, 0f, -0f};
        assertFalse(StackedForward.takes(planes(cs), bias));
        assertTrue(StackedForward.takes(planes(cs), null));
        float[] y = new float[x.length];
        DepthwisePlaneForward.forward(planes(cs), x, wt, bias, y, null);
        assertArrayEquals(reference(cs, x, wt, bias), y);
    }

    /** Infinite and NaN weights: their off-plane products are NaN on both paths (w·0 there, (w·0)·x' here). */
    @Test
    void nonFiniteWeightsGiveTheColumnKernelsFloats() {
        DepthwiseCase.forAll(80, 12, StackedForwardTest::draw, 13, (cs, rng) -> {
            float[] x = cs.input(rng);
            float[] wt = cs.weights(rng);
            float[] odd = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
            for (int i = 0; i < 1 + wt.length / 10; i++) {
                wt[rng.nextInt(wt.length)] = odd[rng.nextInt(3)];
            }
            float[] bias = cs.bias() ? Rand.normals(cs.channels(), rng) : null;
            assertArrayEquals(reference(cs, x, wt, bias), stacked(cs, x, wt, bias), cs.toString());
        });
    }

    /**
     * Taps off a plane read neighbouring planes and the margins of the rows, and the sums start where the last
     * sample's ended. Every scratch row but the kept masks full of NaN and infinities (on one thread, so the kernel
     * gets these very rows) must give the floats of the reference.
     */
    @Test
    void staleScratchValuesNeverReachTheOutputs() {
        int saved = Parallel.threads();
        Parallel.setThreads(1);
        try {
            DepthwiseCase.forAll(60, 12, StackedForwardTest::draw, 14, (cs, rng) -> {
                float[] x = cs.input(rng);
                float[] wt = cs.weights(rng);
                float[] bias = cs.bias() ? Rand.normals(cs.channels(), rng) : null;
                float[] ref = reference(cs, x, wt, bias);
                assertArrayEquals(ref, stacked(cs, x, wt, bias), cs.toString());
                int k = cs.win().k();
                float[][] rows = StackedRows.local().rows(0, 0);
                for (int r = 0; r < k + 2 + k * k; r++) {
                    Arrays.fill(rows[r], Float.NaN);
                    for (int i = 0; i < rows[r].length; i += 1 + rng.nextInt(7)) {
                        rows[r][i] = rng.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
                    }
                }
                assertArrayEquals(ref, stacked(cs, x, wt, bias), cs.toString());
            });
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /**
     * Geometries taking turns on one thread: each must make its own tap masks (another map height, width, kernel or
     * group size in between) and find them again. {batch, channels, k, map height, map width}.
     */
    @Test
    void geometriesTakingTurnsMakeTheirOwnMasks() {
        int saved = Parallel.threads();
        Parallel.setThreads(1);
        try {
            SplittableRandom rng = new SplittableRandom(25);
            int[][] turns = {{2, 3, 3, 7, 7}, {4, 20, 3, 7, 7}, {4, 20, 3, 6, 7}, {4, 20, 3, 7, 7}, {4, 20, 3, 7, 6},
                {4, 20, 3, 7, 7}, {4, 20, 5, 7, 7}, {4, 20, 3, 7, 7}, {4, 9, 3, 7, 7}, {4, 20, 3, 7, 7},
                {4, 20, 1, 7, 7}, {4, 20, 3, 7, 7}, {2, 3, 3, 8, 8}, {4, 20, 3, 7, 7}};
            for (int round = 0; round < 2; round++) {
                for (int[] t : turns) {
                    DepthwiseCase cs = new DepthwiseCase(t[0], t[1], t[3], t[4], new Window(t[2], 1, (t[2] - 1) / 2),
                            true, 0);
                    float[] x = cs.input(rng);
                    float[] wt = cs.weights(rng);
                    float[] bias = Rand.normals(cs.channels(), rng);
                    assertArrayEquals(reference(cs, x, wt, bias), stacked(cs, x, wt, bias),
                            cs + ", turn " + Arrays.toString(t));
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void runsOnSmallMapsOnly() {
        Window win = new Window(3, 1, 1);
        assertTrue(StackedForward.takes(new TallPlanes(32, 64, 7, 7, win), null));
        assertTrue(StackedForward.takes(new TallPlanes(32, 64, 8, 8, win), null));
        assertFalse(StackedForward.takes(new TallPlanes(32, 64, 9, 8, win), null));
        assertFalse(StackedForward.takes(new TallPlanes(32, 32, 14, 14, win), null));
    }
}
