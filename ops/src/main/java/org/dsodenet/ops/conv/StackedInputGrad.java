package org.dsodenet.ops.conv;

import java.util.Arrays;
import org.dsodenet.ops.parallel.Parallel;

/**
 * Input gradient of a same-size stride-1 depthwise convolution on {@link DepthwiseGradRows}' channel rows: a row
 * holds a group of one sample's channels back to back, as NCHW stores them, so reading the output gradient and
 * writing the input gradient are one copy each per sample and group. The tall planes of the forward path
 * ({@link DepthwisePlaneForward}) hold one channel of many samples instead, which costs one copy per sample and
 * channel on each side; on 7×7 maps those 49-float copies and the zeroed columns of the shifts took more time
 * than the taps.
 *
 * <p>It is the forward pass of the kernel rotated by 180° over dy ({@link DepthwiseKernel#inputGrad}), run as in
 * {@link DepthwisePlaneForward}: column shifts of the row, the running sums moved W positions along between
 * kernel rows. Since a row's weights differ from plane to plane, each tap has a row of weights
 * ({@link WeightRowTaps}), built once per group: the channel's weight where the tap reads its own plane, 0 where
 * it falls off it (into a neighbouring row or plane). Those products are ±0 for finite dy, and a sum that starts
 * at +0 is never -0, so adding them changes no bit: every input gradient is the forward path's float (+0, then the
 * taps in ascending order), for finite weights and output gradients.
 */
final class StackedInputGrad {
    /**
     * Largest map (H·W) this kernel takes. At 7×7 it was faster than the tall planes (whose per-plane copies are
     * short); at 14×14 and above the tall planes' copies are long enough and their taps read four arrays, not seven.
     */
    static final int MAX_PLANE = 64;

    private StackedInputGrad() {}

    /** Whether this kernel runs the input gradient of a layer of this geometry. */
    static boolean suits(TallPlanes in) {
        return in.plane <= MAX_PLANE;
    }

    /** Writes every element of {@code dx}: the input gradient of weights {@code wt} for output gradient dy. */
    static void inputGrad(TallPlanes in, float[] wt, float[] dy, float[] dx) {
        final DepthwiseGradRows rows = new DepthwiseGradRows(in, DepthwiseGradRows.TARGET);
        final int k = in.k;
        final int kk = k * k;
        final int w = in.w;
        final int rowLen = rows.length;
        Parallel.forEach(rows.groups, g -> {
            // one allocation: the k column shifts, the running sums, then a weight row per tap
            float[][] all = AlignedRows.rows(1, k + 1 + kk, rowLen);
            float[] acc = all[k];
            final int wr = k + 1;
            weightRows(rows, wt, g, all, wr);
            // the shifts read the centre row's margins around the group, which no copy writes: keep them finite
            Arrays.fill(all[in.pad], 0, rowLen, 0f);
            int len = rows.positions(g);
            for (int s = 0; s < in.batch; s++) {
                rows.shifts(dy, s, g, all);
                int at = rows.at(0);
                for (int ky = 0; ky < k; ky++) {
                    if (ky > 0) {
                        System.arraycopy(acc, at, acc, at + w, len);
                        at += w;
                    }
                    for (int kx0 = 0; kx0 < k; kx0 += 3) {
                        int m = Math.min(3, k - kx0);
                        int wo = wr + ky * k + kx0;
                        if (ky == 0 && kx0 == 0) {
                            WeightRowTaps.tapsOntoZero(m, all, kx0, all, wo, acc, at, at + len);
                        } else {
                            WeightRowTaps.taps(m, all, kx0, all, wo, acc, at, at + len);
                        }
                    }
                }
                System.arraycopy(acc, at, dx, (s * in.channels + g * rows.group) * in.plane, len);
            }
        });
    }

    /**
     * Row {@code r0 + t} gets tap t's weight of the kernel rotated by 180° at the positions where kernel row t/k
     * works ({@link DepthwiseGradRows#at}), 0 where the tap falls off the map.
     */
    private static void weightRows(DepthwiseGradRows rows, float[] wt, int g, float[][] all, int r0) {
        TallPlanes in = rows.in;
        int kk = in.k * in.k;
        for (int t = 0; t < kk; t++) {
            float[] row = all[r0 + t];
            int at = rows.at(t / in.k);
            for (int j = 0; j < rows.channels(g); j++) {
                int ch = g * rows.group + j;
                Arrays.fill(row, at + j * in.plane, at + (j + 1) * in.plane, wt[ch * kk + kk - 1 - t]);
            }
            rows.zeroOffMap(row, g, t / in.k, t % in.k);
        }
    }
}
