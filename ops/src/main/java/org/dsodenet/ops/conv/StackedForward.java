package org.dsodenet.ops.conv;

import java.util.Arrays;
import org.dsodenet.ops.parallel.Parallel;

/**
 * The forward of a stride-1 same-size depthwise layer of small maps on {@link DepthwiseGradRows}' channel rows: a
 * row holds a group of one sample's channels back to back, as NCHW stores them, so reading a sample's group and
 * writing its outputs are one long copy each, where the tall planes ({@link DepthwisePlaneForward}) copy every
 * 7×7 plane on its own on both sides and zero the wrapped columns of their shifts (together about 60 % of the
 * tall-plane forward at 64@7×7; the copies are short, strided and mostly call overhead).
 *
 * <p>The input gradient of small maps runs here too, with the kernel rotated ({@link DepthwiseKernel#inputGrad}).
 * The taps run as on the tall planes: column shifts of the row, the running sums moved W positions
 * along between kernel rows, a row of weights per tap ({@link WeightRowTaps}) holding the channel's weight where
 * the tap reads its own plane and ±0 (the weight times a 0/1 mask) where it falls off it. Every output is its
 * bias, then the taps in ascending order, as on the tall planes; an off-plane tap adds {@code (w·0)·x'} (x' a
 * neighbouring value) where the tall planes add {@code w·0}. Both are ±0 for finite w and x', and a sum that does
 * not start at -0 is never -0, so adding either changes no bit; both are NaN for an infinite or NaN weight. So the
 * floats are the tall planes' for finite inputs and biases other than -0 ({@link #takes}); a non-finite neighbour
 * x' makes a sum NaN here that is not NaN there.
 */
final class StackedForward {
    /**
     * Largest map (H·W) this kernel takes: the tall planes' per-plane copies cost most on small maps; from 14×14 on
     * they are long enough and their taps read four arrays, not seven.
     */
    static final int MAX_PLANE = 64;
    /**
     * Rows aim at about this many positions, as the input gradient's ({@link DepthwiseGradRows#TARGET}, 16 channels
     * at 7×7): at 64@7×7, 400 (8 channels) ran as slow as the tall planes (more of each row in the loops' scalar
     * ends) and 1600 no faster.
     */
    static final int TARGET = DepthwiseGradRows.TARGET;

    private StackedForward() {}

    /**
     * Whether this kernel runs the forward of a layer of this geometry and these biases: small maps and no bias of
     * -0 (a sum started at -0 keeps or loses its sign with the signs of the dropped products).
     */
    static boolean takes(TallPlanes in, float[] bias) {
        if (in.plane > MAX_PLANE) {
            return false;
        }
        if (bias != null) {
            for (int c = 0; c < in.channels; c++) {
                if (Float.floatToRawIntBits(bias[c]) == Float.floatToRawIntBits(-0f)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * {@code y = conv(x) + bias} ({@code bias} may be null), each channel's outputs finished when finish is not
     * null; only where {@link #takes}.
     */
    static void forward(TallPlanes in, float[] x, float[] wt, float[] bias, float[] y, ChannelFinish finish) {
        final DepthwiseGradRows rows = new DepthwiseGradRows(in, TARGET);
        final int k = in.k;
        final int kk = k * k;
        final int w = in.w;
        final int plane = in.plane;
        final int rowLen = rows.length;
        final NearestClamp nearest = finish instanceof NearestClamp n ? n : null;
        Parallel.forEach(rows.groups, g -> {
            // one allocation: the k column shifts, the running sums, a weight row per tap (the first one also holding
            // the biases the sums start from, WeightRowTaps.STARTS further on: a group holds at most TARGET positions,
            // or one plane of at most MAX_PLANE, so they never meet the weights), the finish's biases as it ends, and
            // a mask per tap
            StackedRows scratch = StackedRows.local();
            float[][] all = scratch.rows(k + 2 + 2 * kk, WeightRowTaps.STARTS + rowLen);
            float[] acc = all[k];
            final int wr = k + 1;
            float[] ends = all[wr + kk];
            int channels = rows.channels(g);
            int len = rows.positions(g);
            weightRows(rows, wt, g, all, wr, scratch.masks(rows, wr + kk + 1), wr + kk + 1);
            // the shifts read the centre row's margins around the group, which no copy writes: keep them finite
            Arrays.fill(all[in.pad], 0, rowLen, 0f);
            int last = rows.at(k - 1);
            for (int j = 0; j < channels; j++) {
                int ch = g * rows.group + j;
                if (bias != null) {
                    int from = WeightRowTaps.STARTS + rows.at(0) + j * plane;
                    Arrays.fill(all[wr], from, from + plane, bias[ch]);
                }
                if (nearest != null) {
                    Arrays.fill(ends, last + j * plane, last + (j + 1) * plane, nearest.bias[ch]);
                }
            }
            int first = (rows.group * g) * plane;
            for (int s = 0; s < in.batch; s++) {
                rows.shifts(x, s, g, all);
                int at = rows.at(0);
                for (int ky = 0; ky < k; ky++) {
                    if (ky > 0) {
                        System.arraycopy(acc, at, acc, at + w, len);
                        at += w;
                    }
                    for (int kx0 = 0; kx0 < k; kx0 += 3) {
                        int m = Math.min(3, k - kx0);
                        int wo = wr + ky * k + kx0;
                        if (ky > 0 || kx0 > 0) {
                            WeightRowTaps.taps(m, all, kx0, all, wo, acc, at, at + len);
                        } else if (bias == null) {
                            WeightRowTaps.tapsOntoZero(m, all, kx0, all, wo, acc, at, at + len);
                        } else {
                            WeightRowTaps.tapsOntoStarts(m, all, kx0, all, wo, acc, at, at + len);
                        }
                    }
                }
                if (nearest != null) {
                    Rows.nearestClamp(acc, ends, at, at + len, nearest.m, nearest.lo, nearest.hi);
                } else if (finish != null) {
                    for (int j = 0; j < channels; j++) {
                        finish.apply(g * rows.group + j, acc, at + j * plane, at + (j + 1) * plane);
                    }
                }
                System.arraycopy(acc, at, y, s * in.channels * plane + first, len);
            }
        });
    }

    /**
     * Row {@code r0 + t} gets tap t's weight at the positions where kernel row t/k works
     * ({@link DepthwiseGradRows#at}), times the tap's mask (row {@code m0 + t}): the weight itself where the tap
     * stays on the map, ±0 where it falls off.
     */
    private static void weightRows(DepthwiseGradRows rows, float[] wt, int g, float[][] all, int r0, float[][] masks,
                                   int m0) {
        TallPlanes in = rows.in;
        int k = in.k;
        int kk = k * k;
        // one pass per plane and up to three taps of a kernel row (which share their positions) writes w·mask, the
        // product a fill and a multiplication gave: the planes' loops are short, so fewer of them pay more than a
        // row-wide pass of the masks saves
        for (int ky = 0; ky < k; ky++) {
            int at = rows.at(ky);
            for (int kx0 = 0; kx0 < k; kx0 += 3) {
                int t = ky * k + kx0;
                int m = Math.min(3, k - kx0);
                for (int j = 0; j < rows.channels(g); j++) {
                    int wo = (g * rows.group + j) * kk + t;
                    int from = at + j * in.plane;
                    int to = from + in.plane;
                    if (m == 3) {
                        Rows.scaled3(wt[wo], wt[wo + 1], wt[wo + 2], masks[m0 + t], masks[m0 + t + 1],
                                masks[m0 + t + 2], all[r0 + t], all[r0 + t + 1], all[r0 + t + 2], from, to);
                    } else {
                        for (int i = 0; i < m; i++) {
                            Rows.scaled(wt[wo + i], masks[m0 + t + i], all[r0 + t + i], from, to);
                        }
                    }
                }
            }
        }
    }
}
