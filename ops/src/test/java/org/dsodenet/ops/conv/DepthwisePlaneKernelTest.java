package org.dsodenet.ops.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.dsodenet.ops.testing.Rand;
import org.junit.jupiter.api.Test;

/**
 * The tall-plane depthwise kernel is a faster layout of the same sums: its forward (and so the stride-1 input
 * gradient built on it) must give the very floats of the column kernel, for every same-size window, map shape
 * (including maps narrower than the kernel), batch and channel count; its weight and bias gradients add the same
 * products in another order, so they must agree to rounding.
 */
class DepthwisePlaneKernelTest {
    static DepthwiseCase draw(int batch, int channels, int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int k = 1 + 2 * rng.nextInt(3);
        Window win = new Window(k, 1, (k - 1) / 2);
        int h = size;
        int w = Math.max(1, size + rng.nextInt(7) - 3);
        return new DepthwiseCase(batch, channels, h, w, win, rng.nextBoolean(), seed);
    }

    @Test
    void forwardEqualsTheColumnKernelBitForBit() {
        DepthwiseCase.forAll(200, 70, DepthwisePlaneKernelTest::draw, 1, (cs, rng) -> {
            float[] x = cs.input(rng);
            float[] wt = cs.weights(rng);
            float[] bias = cs.bias() ? Rand.normals(cs.channels(), rng) : null;
            TallPlanes planes = new TallPlanes(cs.batch(), cs.channels(), cs.h(), cs.w(), cs.win());
            float[] y = new float[x.length];
            DepthwisePlaneForward.forward(planes, x, wt, bias, y, null);
            float[] ref = new float[x.length];
            DepthwiseKernel.forward(cs.columns(), x, wt, bias, ref);
            assertArrayEquals(ref, y, cs.toString());
        });
    }

    /**
     * The drawn shapes above stop at 15 columns; the network's map widths (7, 14, 28) are checked here, with every
     * odd kernel up to 5.
     */
    @Test
    void forwardEqualsTheColumnKernelAtTheNetworkWidths() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int w : new int[] {7, 14, 28}) {
            for (int k = 1; k <= 5; k += 2) {
                DepthwiseCase cs = new DepthwiseCase(3, 2, w, w, new Window(k, 1, (k - 1) / 2), true, 0);
                float[] x = cs.input(rng);
                float[] wt = cs.weights(rng);
                float[] bias = Rand.normals(cs.channels(), rng);
                float[] y = new float[x.length];
                DepthwisePlaneForward.forward(new TallPlanes(cs.batch(), cs.channels(), w, w, cs.win()), x, wt, bias,
                        y, null);
                float[] ref = new float[x.length];
                DepthwiseKernel.forward(cs.columns(), x, wt, bias, ref);
                assertArrayEquals(ref, y, cs.toString());
            }
        }
    }

    @Test
    void parameterGradientsAgreeWithTheColumnKernel() {
        DepthwiseCase.forAll(100, 70, DepthwisePlaneKernelTest::draw, 2, (cs, rng) -> {
            float[] x = cs.input(rng);
            float[] dy = Rand.normals(x.length, rng);
            float[] wg = new float[cs.channels() * cs.taps()];
            float[] bg = new float[cs.channels()];
            DepthwisePlaneKernel.paramGrad(new TallPlanes(cs.batch(), cs.channels(), cs.h(), cs.w(), cs.win()),
                    x, dy, wg, bg);
            float[] wgRef = new float[wg.length];
            float[] bgRef = new float[bg.length];
            DepthwiseKernel.paramGrad(cs.columns(), x, dy, wgRef, bgRef);
            // sums of about b·h·w products of unit normals: rounding differences far below 1e-4 of their scale
            double scale = Math.sqrt(cs.batch() * cs.h() * cs.w());
            for (int i = 0; i < wg.length; i++) {
                assertEquals(wgRef[i], wg[i], 1e-4 * scale, cs + " weight " + i);
            }
            for (int i = 0; i < bg.length; i++) {
                assertEquals(bgRef[i], bg[i], 1e-4 * scale, cs + " bias " + i);
            }
        });
    }

    @Test
    void groupsCoverTheBatchAndStayNearTheTarget() {
        for (int hw : new int[] {1, 7, 14, 28, 100}) {
            for (int batch : new int[] {1, 2, 5, 32, 64}) {
                TallPlanes p = new TallPlanes(batch, 1, hw, hw, new Window(3, 1, 1));
                int total = 0;
                for (int g = 0; g < p.groups; g++) {
                    total += p.samples(g);
                    assertTrue(p.samples(g) >= p.group - 1 || g == p.groups - 1, "group " + g);
                }
                assertEquals(batch, total, "batch " + batch + " map " + hw);
                assertTrue(p.group == 1 || p.maxColumns() <= TallPlanes.TARGET, "map " + hw + " batch " + batch);
            }
        }
    }

    @Test
    void weightGradientRowsCoverTheChannelsAndStayNearTheTarget() {
        for (int hw : new int[] {1, 7, 14, 28, 100}) {
            for (int channels : new int[] {1, 3, 16, 64}) {
                DepthwiseGradRows r = new DepthwiseGradRows(new TallPlanes(2, channels, hw, hw, new Window(3, 1, 1)),
                        DepthwiseGradRows.TARGET);
                int total = 0;
                for (int g = 0; g < r.groups; g++) {
                    total += r.channels(g);
                    assertTrue(r.channels(g) >= r.group - 1 || g == r.groups - 1, "group " + g);
                    // every kernel row's positions, and the column shifts' reads, stay inside a row
                    assertTrue(r.at(0) >= 1 && r.at(2) + r.positions(g) + 1 <= r.length, "map " + hw);
                }
                assertEquals(channels, total, "channels " + channels + " map " + hw);
                assertTrue(r.group == 1 || r.group * r.in.plane <= DepthwiseGradRows.TARGET, "map " + hw);
            }
        }
    }

    @Test
    void onlySameSizeStrideOneWindowsFit() {
        assertTrue(TallPlanes.fits(new Window(3, 1, 1)));
        assertTrue(TallPlanes.fits(new Window(1, 1, 0)));
        assertFalse(TallPlanes.fits(new Window(3, 2, 1)));
        assertFalse(TallPlanes.fits(new Window(3, 1, 0)));
        assertFalse(TallPlanes.fits(new Window(4, 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> new TallPlanes(1, 1, 5, 5, new Window(3, 1, 2)));
    }
}
