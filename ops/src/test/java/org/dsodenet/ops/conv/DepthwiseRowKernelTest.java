package org.dsodenet.ops.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.dsodenet.ops.testing.Rand;
import org.junit.jupiter.api.Test;

/**
 * The frame-row depthwise kernel is a faster layout of the same sums: it must give the very floats of the column
 * kernel it replaces (both the framed layout that ran stride-1 forwards and the exact layout), for every kernel
 * size, padding, map shape, batch and channel count, with and without bias, and the stride-1 input gradient built
 * on it must equal the old one.
 */
class DepthwiseRowKernelTest {
    static DepthwiseCase draw(int batch, int channels, int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int k = 1 + rng.nextInt(5);
        Window win = new Window(k, 1, rng.nextInt(k));
        // h, w at least what the kernel needs, and not always equal
        int min = Math.max(1, k - 2 * win.pad());
        int h = Math.max(min, size);
        int w = Math.max(min, size + rng.nextInt(7) - 3);
        return new DepthwiseCase(batch, channels, h, w, win, rng.nextBoolean(), seed);
    }

    @Test
    void forwardEqualsTheColumnKernelBitForBit() {
        DepthwiseCase.forAll(200, 40, DepthwiseRowKernelTest::draw, 1, (cs, rng) -> {
            float[] x = cs.input(rng);
            float[] wt = cs.weights(rng);
            float[] bias = cs.bias() ? Rand.normals(cs.channels(), rng) : null;
            FrameRows rows = new FrameRows(cs.batch(), cs.channels(), cs.h(), cs.w(), cs.win());
            int outSize = cs.batch() * cs.channels() * rows.oh * rows.ow;
            float[] y = new float[outSize];
            DepthwiseRowKernel.forward(rows, x, wt, bias, y);
            for (boolean framed : new boolean[] {true, false}) {
                float[] ref = new float[outSize];
                DepthwiseKernel.forward(cs.columns(framed), x, wt, bias, ref);
                assertArrayEquals(ref, y, cs + (framed ? " framed" : " exact"));
            }
        });
    }

    @Test
    void strideOneInputGradientEqualsTheFramedColumnKernel() {
        DepthwiseCase.forAll(100, 40, DepthwiseRowKernelTest::draw, 2, (cs, rng) -> {
            Window win = cs.win();
            int k = win.k();
            int kk = cs.taps();
            Columns cols = cs.columns(true);
            float[] dy = Rand.normals(cs.batch() * cs.channels() * cols.oh * cols.ow, rng);
            float[] wt = cs.weights(rng);
            float[] dx = new float[cs.batch() * cs.channels() * cs.h() * cs.w()];
            DepthwiseKernel.inputGrad(cols, wt, dy, dx);
            // the computation inputGrad ran before frame rows: rotated kernels on framed columns of dy
            float[] rotated = new float[wt.length];
            for (int ch = 0; ch < cs.channels(); ch++) {
                for (int t = 0; t < kk; t++) {
                    rotated[ch * kk + t] = wt[ch * kk + kk - 1 - t];
                }
            }
            float[] ref = new float[dx.length];
            Columns back = new Columns(cs.batch(), cs.channels(), cols.oh, cols.ow,
                    new Window(k, 1, k - 1 - win.pad()), true);
            DepthwiseKernel.forward(back, dy, rotated, null, ref);
            assertArrayEquals(ref, dx, cs.toString());
        });
    }

    @Test
    void groupsCoverTheBatchWithBalancedSizes() {
        for (int hw : new int[] {1, 5, 7, 14, 28, 300}) {
            for (int batch : new int[] {1, 2, 5, 32, 64}) {
                FrameRows r = new FrameRows(batch, 1, hw, hw, new Window(hw > 2 ? 3 : 1, 1, hw > 2 ? 1 : 0));
                int total = 0;
                for (int g = 0; g < r.groups; g++) {
                    total += r.samples(g);
                    assertEquals(r.samples(g) * r.frameW, r.columns(g));
                    // balanced: no group is more than one sample shorter than the first
                    assertEquals(true, r.samples(g) >= r.group - 1 || g == r.groups - 1, "group " + g);
                }
                assertEquals(batch, total, "batch " + batch + " map " + hw);
            }
        }
    }
}
