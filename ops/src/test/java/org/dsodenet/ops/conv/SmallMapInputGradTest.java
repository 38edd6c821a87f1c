package org.dsodenet.ops.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.dsodenet.ops.testing.Rand;
import org.junit.jupiter.api.Test;

/**
 * The stride-1 input gradient of small maps ({@link DepthwiseKernel#inputGrad}, which runs the rotated kernel's
 * forward on {@link StackedForward}'s channel rows there) must give the very floats of the rotated kernel's forward
 * on tall planes: the same products in the same order, with the off-plane taps dropped by a weight of 0 instead of
 * read as zero padding. Compared bit for bit (signs of zero included) on drawn shapes, at the network's maps with
 * several channel groups, and on sums that are exactly zero. (Stale scratch rows and which maps go to channel rows:
 * {@link StackedForwardTest}.)
 */
class SmallMapInputGradTest {
    private static float[] reference(DepthwiseCase cs, float[] wt, float[] dy) {
        int kk = cs.taps();
        float[] rotated = new float[wt.length];
        for (int ch = 0; ch < cs.channels(); ch++) {
            for (int t = 0; t < kk; t++) {
                rotated[ch * kk + t] = wt[ch * kk + kk - 1 - t];
            }
        }
        Window win = cs.win();
        Window back = new Window(win.k(), 1, win.k() - 1 - win.pad());
        float[] dx = new float[dy.length];
        Arrays.fill(dx, Float.NaN);
        DepthwisePlaneForward.onTallPlanes(new TallPlanes(cs.batch(), cs.channels(), cs.h(), cs.w(), back), dy, rotated,
                null, dx, null);
        return dx;
    }

    private static float[] stacked(DepthwiseCase cs, float[] wt, float[] dy) {
        float[] dx = new float[dy.length];
        Arrays.fill(dx, Float.NaN);
        DepthwiseKernel.inputGrad(cs.columns(true), wt, dy, dx);
        return dx;
    }

    @Test
    void equalsTheTallPlaneInputGradientBitForBit() {
        DepthwiseCase.forAll(200, 40, DepthwisePlaneKernelTest::draw, 5, (cs, rng) -> {
            float[] dy = cs.input(rng);
            float[] wt = cs.weights(rng);
            assertArrayEquals(reference(cs, wt, dy), stacked(cs, wt, dy), cs.toString());
        });
    }

    /**
     * Maps of the network and channel counts that need several groups, the last one shorter (37 channels of 7×7:
     * 13, 13 and 11), and kernels 1, 3 and 5.
     */
    @Test
    void equalsTheTallPlaneInputGradientOnSeveralGroups() {
        SplittableRandom rng = new SplittableRandom(21);
        int[][] shapes = {{7, 64}, {7, 37}, {7, 17}, {14, 9}, {28, 3}, {5, 40}, {8, 13}};
        for (int[] s : shapes) {
            for (int k = 1; k <= 5; k += 2) {
                DepthwiseCase cs = new DepthwiseCase(5, s[1], s[0], s[0], new Window(k, 1, (k - 1) / 2), false, 0);
                DepthwiseGradRows rows = new DepthwiseGradRows(
                        new TallPlanes(cs.batch(), cs.channels(), cs.h(), cs.w(), cs.win()), DepthwiseGradRows.TARGET);
                assertTrue(rows.groups > 1 || s[1] < 17, cs + " should need several groups");
                float[] dy = cs.input(rng);
                float[] wt = cs.weights(rng);
                assertArrayEquals(reference(cs, wt, dy), stacked(cs, wt, dy), cs.toString());
            }
        }
    }

    /**
     * Output gradients and weights of small integers with many zeros of both signs: many sums are exactly zero, so
     * a dropped tap that left -0 where the padded path has +0 (or the reverse) shows as a different bit.
     */
    @Test
    void exactZerosKeepTheirSign() {
        DepthwiseCase.forAll(150, 12, DepthwisePlaneKernelTest::draw, 6, (cs, rng) -> {
            float[] pool = {0f, -0f, 0f, -0f, 1f, -1f, 2f, -3f};
            float[] dy = Rand.floats(cs.batch() * cs.channels() * cs.h() * cs.w(), () -> pool[rng.nextInt(8)]);
            float[] wt = Rand.floats(cs.channels() * cs.taps(), () -> pool[rng.nextInt(8)]);
            assertArrayEquals(reference(cs, wt, dy), stacked(cs, wt, dy), cs.toString());
        });
    }
}
