package org.dsodenet.ops.conv;

import org.dsodenet.ops.parallel.Parallel;

/**
 * The forward of a stride-1 same-size depthwise layer on {@link TallPlanes} (and the input gradient of one, with the
 * kernel rotated: {@link DepthwiseKernel#inputGrad}): one work item per (sample group, channel); every output is
 * bias, then the taps in ascending order, as in {@link DepthwiseKernel#forward} and {@link DepthwiseRowKernel#forward},
 * so all three give identical floats. The tall plane's zero gaps are kept from one channel to the next
 * ({@link ForwardRows}), and an optional {@link ChannelFinish} is applied to each channel's row before it is written
 * out. Maps of at most 64 positions run on channel rows instead ({@link StackedForward}, the same floats where it
 * takes the layer), since their per-plane copies cost more than the taps.
 *
 * <p>Only the k column shifts of the tall plane are rows of their own; kernel row ky reads them ky·W positions
 * further on. Instead of k·k shifted copies of the input, the running sums move W positions along between kernel
 * rows (one copy of the sums per kernel row), so every loop still indexes all of its arrays alike (which C2 needs
 * to vectorize it).
 */
final class DepthwisePlaneForward {
    private DepthwisePlaneForward() {}

    /**
     * {@code y = conv(x) + bias} ({@code bias} may be null), each channel's outputs finished when finish is not null;
     * small maps run on channel rows ({@link StackedForward}, the same floats) where it takes them.
     */
    static void forward(TallPlanes in, float[] x, float[] wt, float[] bias, float[] y, ChannelFinish finish) {
        if (StackedForward.takes(in, bias)) {
            StackedForward.forward(in, x, wt, bias, y, finish);
        } else {
            onTallPlanes(in, x, wt, bias, y, finish);
        }
    }

    /** {@link #forward} on tall planes, whatever the map size. */
    static void onTallPlanes(TallPlanes in, float[] x, float[] wt, float[] bias, float[] y, ChannelFinish finish) {
        final int c = in.channels;
        final int k = in.k;
        final int kk = k * k;
        final int p = in.pad;
        final int w = in.w;
        // a NearestClamp finish runs in the loop of the last three taps, saving a store and a load per position
        final NearestClamp nearest = finish instanceof NearestClamp n ? n : null;
        Parallel.forEach(in.groups * c, item -> {
            int g = item / c;
            int ch = item % c;
            int len = in.columns(g);
            ForwardRows rows = ForwardRows.local();
            float[][] shifts = rows.rows(k + 1, in.maxTallLength());
            float[] acc = shifts[k];
            float[] tall = rows.tall(in, g);
            in.samplesInto(x, g, ch, tall);
            for (int kx = 0; kx < k; kx++) {
                if (kx != p) {
                    in.columnShift(tall, g, kx, shifts[kx]);
                }
            }
            int at = p;
            float b = bias == null ? 0f : bias[ch];
            boolean finished = false;
            for (int ky = 0; ky < k; ky++) {
                if (ky > 0) {
                    System.arraycopy(acc, at, acc, at + w, len);
                    at += w;
                }
                for (int kx0 = 0; kx0 < k; kx0 += 3) {
                    int m = Math.min(3, k - kx0);
                    int wo = ch * kk + ky * k + kx0;
                    if (ky == 0 && kx0 == 0) {
                        Rows.tapsOnto(m, b, shifts, kx0, wt, wo, acc, at, at + len);
                    } else if (nearest != null && m == 3 && ky == k - 1 && kx0 + 3 == k) {
                        Rows.taps3Nearest(shifts[kx0], shifts[kx0 + 1], shifts[kx0 + 2], wt[wo], wt[wo + 1],
                                wt[wo + 2], acc, at, at + len, nearest.bias[ch], nearest.m, nearest.lo, nearest.hi);
                        finished = true;
                    } else {
                        Rows.taps(m, shifts, kx0, wt, wo, acc, at, at + len);
                    }
                }
            }
            if (finish != null && !finished) {
                finish.apply(ch, acc, at, at + len);
            }
            in.scatter(acc, at, g, ch, y);
        });
    }
}
