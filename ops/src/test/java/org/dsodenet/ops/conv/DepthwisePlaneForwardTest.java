package org.dsodenet.ops.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.dsodenet.ops.testing.Rand;
import org.junit.jupiter.api.Test;

/**
 * The forward on {@link DepthwisePlaneForward} must give the column kernel's floats whatever layouts ran before it on
 * the same thread (its tall plane keeps the zero gaps of the last layout, {@link ForwardRows}), and a finish run in
 * its last taps ({@link NearestClamp}) the floats of the same finish run after the kernel, which are the nearest
 * integers of the exact values clamped to the bounds.
 */
class DepthwisePlaneForwardTest {
    /** Group targets that give one group, groups of one sample, and groups whose last one is short. */
    private static final int[] TARGETS = {TallPlanes.TARGET, 1, 60, 200};

    private static TallPlanes planes(DepthwiseCase cs, int target) {
        return new TallPlanes(cs.batch(), cs.channels(), cs.h(), cs.w(), cs.win(), target);
    }

    /**
     * Drawn shapes one after another on the test's threads (so each layout follows another), each at every group
     * target and twice in a row (the second run relies on the gaps the first left).
     */
    @Test
    void forwardEqualsTheColumnKernelAfterAnyLayout() {
        DepthwiseCase.forAll(150, 40, DepthwisePlaneKernelTest::draw, 3, (cs, rng) -> {
            float[] wt = cs.weights(rng);
            float[] bias = cs.bias() ? Rand.normals(cs.channels(), rng) : null;
            for (int target : TARGETS) {
                for (int run = 0; run < 2; run++) {
                    float[] x = cs.input(rng);
                    float[] y = new float[x.length];
                    DepthwisePlaneForward.forward(planes(cs, target), x, wt, bias, y, null);
                    float[] ref = new float[x.length];
                    DepthwiseKernel.forward(cs.columns(), x, wt, bias, ref);
                    assertArrayEquals(ref, y, cs + ", target " + target + ", run " + run);
                }
            }
        });
    }

    /**
     * Layouts taking turns: groups of other sample counts on one map size (the gaps of a longer group lie past the
     * part a shorter one fills), another map height in between (whose samples lie where the next layout has gaps),
     * another width, and kernels whose tall plane is another row. {batch, k, group target (0: the default), map
     * height, map width}.
     */
    @Test
    void layoutsTakingTurnsKeepTheirGapsZero() {
        SplittableRandom rng = new SplittableRandom(5);
        int[][] turns = {{5, 3, 0, 7, 7}, {5, 3, 60, 7, 7}, {7, 5, 0, 7, 7}, {5, 3, 0, 7, 7}, {2, 1, 0, 7, 7},
            {5, 3, 200, 7, 7}, {4, 3, 0, 7, 7}, {5, 3, 0, 5, 7}, {5, 3, 0, 7, 7}, {1, 3, 0, 7, 7}, {5, 3, 0, 7, 7},
            {5, 5, 0, 7, 7}, {5, 3, 0, 7, 7}, {5, 3, 0, 7, 5}, {5, 3, 0, 7, 7}};
        for (int round = 0; round < 3; round++) {
            for (int[] t : turns) {
                int batch = t[0];
                int k = t[1];
                int h = t[3];
                int w = t[4];
                DepthwiseCase cs = new DepthwiseCase(batch, 2, h, w, new Window(k, 1, (k - 1) / 2), true, 0);
                float[] x = cs.input(rng);
                float[] wt = cs.weights(rng);
                float[] bias = Rand.normals(cs.channels(), rng);
                float[] y = new float[x.length];
                TallPlanes p = t[2] == 0 ? new TallPlanes(batch, 2, h, w, cs.win()) : planes(cs, t[2]);
                DepthwisePlaneForward.forward(p, x, wt, bias, y, null);
                float[] ref = new float[x.length];
                DepthwiseKernel.forward(cs.columns(), x, wt, bias, ref);
                assertArrayEquals(ref, y, cs + ", turn " + java.util.Arrays.toString(t));
            }
        }
    }

    /**
     * Integer inputs and weights (exact sums, as the bit-exact forward feeds it), half-integer and integer biases and
     * a scale that puts many values on ties and past both bounds: the finish fused into the last taps (k = 3, 9), run
     * after them (k = 1, 5, 7) or given as another ChannelFinish, all equal min(max(rint(b + s·m), lo), hi) computed in
     * doubles.
     */
    @Test
    void nearestClampFinishesEqualTheRoundedClampedSums() {
        SplittableRandom rng = new SplittableRandom(9);
        int[] edges = new int[3];
        for (int k = 1; k <= 9; k += 2) {
            for (int batch : new int[] {1, 3, 32}) {
                for (int hw : new int[] {1, 4, 7, 14}) {
                    int channels = 3;
                    DepthwiseCase cs = new DepthwiseCase(batch, channels, hw, hw, new Window(k, 1, (k - 1) / 2),
                            false, 0);
                    float[] x = integers(rng, batch * channels * hw * hw, 128);
                    float[] wt = integers(rng, channels * k * k, 128);
                    float[] b = {0.5f, -3f, 1.5f};
                    float m = 0x1p-7f;
                    float lo = -128f;
                    float hi = 127f;
                    NearestClamp nc = new NearestClamp(b, m, lo, hi);
                    TallPlanes p = new TallPlanes(batch, channels, hw, hw, cs.win());
                    float[] sums = new float[x.length];
                    DepthwisePlaneForward.forward(p, x, wt, null, sums, null);
                    float[] fused = new float[x.length];
                    DepthwisePlaneForward.forward(p, x, wt, null, fused, nc);
                    float[] other = new float[x.length];
                    DepthwisePlaneForward.forward(p, x, wt, null, other, (c, row, from, to) -> nc.apply(c, row, from,
                            to));
                    int plane = hw * hw;
                    for (int i = 0; i < x.length; i++) {
                        int c = i / plane % channels;
                        double v = Math.rint(b[c] + (double) sums[i] * m);
                        // rint gives -0 for small negative values; a raw is an integer, the finish gives +0
                        double want = Math.min(hi, Math.max(lo, v)) + 0.0;
                        edges[v < lo ? 0 : v > hi ? 2 : 1]++;
                        String msg = cs + " at " + i + ", sum " + sums[i];
                        assertEquals(Float.floatToRawIntBits((float) want), Float.floatToRawIntBits(fused[i]), msg);
                        assertEquals(Float.floatToRawIntBits((float) want), Float.floatToRawIntBits(other[i]), msg);
                    }
                }
            }
        }
        assertTrue(edges[0] > 500 && edges[1] > 500 && edges[2] > 500, java.util.Arrays.toString(edges));
    }

    /** The clamp at and next to both bounds, ties to even, and the largest sums the rounding constant allows. */
    @Test
    void nearestClampHitsItsBoundsExactly() {
        float[] s = {-129f, -128.5f, -128f, -127.5f, -0.5f, 0.5f, 1.5f, 2.5f, 126.5f, 127f, 127.5f, 128f, -0x1p22f,
            0x1p22f, 0f, -0f};
        float[] want = {-128f, -128f, -128f, -128f, 0f, 0f, 2f, 2f, 126f, 127f, 127f, 127f, -128f, 127f, 0f, 0f};
        float[] row = new float[s.length + 2];
        System.arraycopy(s, 0, row, 1, s.length);
        new NearestClamp(new float[] {0f}, 1f, -128f, 127f).apply(0, row, 1, 1 + s.length);
        for (int i = 0; i < s.length; i++) {
            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(row[1 + i]), "sum " + s[i]);
        }
        assertEquals(0f, row[0]);
        assertEquals(0f, row[row.length - 1]);
    }

    private static float[] integers(SplittableRandom rng, int n, int bound) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextInt(-bound, bound);
        }
        return a;
    }
}
