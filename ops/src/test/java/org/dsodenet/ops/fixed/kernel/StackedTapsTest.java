package org.dsodenet.ops.fixed.kernel;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.dsodenet.ops.fixed.kernel.RawDraws.draw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link StackedTaps} against the depthwise convolution written out: for every output of every sample of a
 * {@link StackedLayout} run, {@code init + Σ x[oy + ky - pad][ox + kx - pad]·w[ky][kx]} over the taps inside the
 * map (the padding's products are 0), in long arithmetic taken modulo 2^32, must be the int sum, raw for raw.
 * Kernels 3×3 to 7×7, maps 1×1 to 30×30 (narrower and lower than the kernel included), runs of one sample to the
 * layout's most (layouts for runs of up to twice {@link IntBatchConv#STACKED_RUN} outputs), after a run of more samples of another channel left its raws in the row past this run's end.
 * Raws and weights of up to 31 bits, their ends (the most negative among them) drawn often, so sums wrap.
 */
class StackedTapsTest {

    @Test
    void stackedSumsEqualTheTapsInsideTheMap() {
        // runs of many samples; of fewer than the layout holds; maps narrower than the kernel; runs past 600 outputs
        int[] seen = new int[4];
        qt().withExamples(scaled(600)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int k = 3 + 2 * (rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(2) : 0);
            int pad = (k - 1) / 2;
            boolean big = rnd.nextInt(8) == 0;
            int h = 1 + rnd.nextInt(big ? 30 : 9);
            int w = 1 + rnd.nextInt(big ? 30 : 9);
            ConvGeometry g = ConvGeometry.of(1, h, w, k, 1, pad);
            StackedLayout layout = StackedLayout.of(g, 1 + rnd.nextInt(2 * IntBatchConv.STACKED_RUN));
            int most = layout.samples();
            int m = 1 + rnd.nextInt(most);
            seen[0] += m > 1 ? 1 : 0;
            seen[1] += m < most ? 1 : 0;
            seen[2] += w < k ? 1 : 0;
            seen[3] += layout.runLength(m) > 600 ? 1 : 0;
            StackedTaps taps = new StackedTaps(k, w, layout.runLength(most));
            int plane = h * w;
            int xBits = 1 + rnd.nextInt(31);
            int wBits = 1 + rnd.nextInt(31);
            int[] row = new int[layout.size(most)];
            // another channel's run of every sample the layout holds: its raws stay past the end of a shorter run
            layout.fill(draw(rnd, most * plane, 31), 0, plane, most, row);
            int[] x = draw(rnd, m * plane, xBits);
            layout.fill(x, 0, plane, m, row);
            int w0 = rnd.nextInt(3);
            int[] wt = new int[w0 + k * k];
            System.arraycopy(draw(rnd, k * k, wBits), 0, wt, w0, k * k);
            int init = (int) rnd.nextLong(Integer.MIN_VALUE, Integer.MAX_VALUE + 1L);
            int n = layout.runLength(m);
            int[][] shifted = new int[k][taps.width(n) + rnd.nextInt(3)];
            int[] acc = new int[taps.width(n) + rnd.nextInt(3)];
            int[][] masks = new int[k][taps.width(layout.runLength(most)) + rnd.nextInt(3)];
            masks[pad] = null;
            taps.fillMasks(masks);
            taps.sum(row, shifted, masks, wt, w0, init, acc, n);
            for (int j = 0; j < m; j++) {
                for (int oy = 0; oy < h; oy++) {
                    for (int ox = 0; ox < w; ox++) {
                        long want = init;
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int iy = oy + ky - pad;
                                int ix = ox + kx - pad;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                    want += (long) x[j * plane + iy * w + ix] * wt[w0 + ky * k + kx];
                                }
                            }
                        }
                        assertEquals((int) want, acc[j * layout.stride() + oy * w + ox], "seed " + seed + ", k " + k
                                + ", " + h + "×" + w + ", sample " + j + " of " + m + " (" + most + " at most), ("
                                + oy + ", " + ox + ")");
                    }
                }
            }
        });
        assertTrue(seen[0] > 100 && seen[1] > 100 && seen[2] > 50 && seen[3] > 50, java.util.Arrays.toString(seen)
                + ": runs of many samples; shorter than the layout's; maps narrower than the kernel; past 600 outputs");
    }
}
