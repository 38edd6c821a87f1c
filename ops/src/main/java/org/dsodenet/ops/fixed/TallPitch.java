package org.dsodenet.ops.fixed;

import java.util.List;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QBatchNorm;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QOdeBlock;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.dsodenet.ops.fixed.model.QRelu;

/**
 * Which layers of a network run on tall planes (the images of a group stacked per channel, each
 * followed by zero gap rows; see {@link org.dsodenet.ops.fixed.kernel.TallGaps}), and the pitch (image rows plus gap
 * rows) at the input of the first.
 *
 * <p>A convolution with stride s, padding p and kernel k maps tall planes to tall planes image by image when the
 * pitch P is a multiple of s (image b's output rows start at row {@code b·P/s}), the gap holds at least p rows (the
 * padding below one image and above the next) and {@code 1 ≤ k - 2p ≤ s} (a tall plane of B·P rows then gives exactly
 * B·P/s output rows). Element-wise layers and ODE blocks of such layers pass any tall plane; pooling and linear
 * layers mix the rows of a plane, so the tall run ends before the first of them.
 */
record TallPitch(int start, int end, int pitch) {

    /**
     * The longest run of layers that can run tall, from the first layer whose input planes hold at most
     * {@code maxPlane} values, with the smallest pitch there; null when none can.
     */
    static TallPitch of(List<QLayer> layers, Dims in, int maxPlane) {
        int start = 0;
        Dims d = in;
        while (start < layers.size() && d.h() * d.w() > maxPlane) {
            d = layers.get(start++).outputDims(d);
        }
        int n = start;
        while (n < layers.size() && passes(layers.get(n))) {
            n++;
        }
        for (; n > start; n--) {
            int s = 1;
            for (int i = start; i < n; i++) {
                s *= geometry(layers.get(i))[1];
            }
            for (int p = (d.h() + s - 1) / s * s; p <= 2 * d.h() + 2 * s + 8; p += s) {
                if (fits(layers.subList(start, n), d.h(), p)) {
                    return new TallPitch(start, n, p);
                }
            }
        }
        return null;
    }

    /** Whether a layer can run tall at all (its geometry is checked by {@link #fits}). */
    private static boolean passes(QLayer l) {
        if (l instanceof QOdeBlock b) {
            return b.f().stream().allMatch(g -> !(g instanceof QOdeBlock) && passes(g));
        }
        return l instanceof QConv2d || l instanceof QDepthwiseConv2d || l instanceof QPointwiseConv2d
                || l instanceof QRelu || l instanceof QBatchNorm;
    }

    /** {k, stride, pad} of a convolution; {1, 1, 0} for a layer that keeps every position where it is. */
    static int[] geometry(QLayer l) {
        if (l instanceof QConv2d c) {
            return new int[] {c.k(), c.stride(), c.pad()};
        }
        if (l instanceof QDepthwiseConv2d c) {
            return new int[] {c.k(), c.stride(), c.pad()};
        }
        return new int[] {1, 1, 0};
    }

    /** Whether every convolution of the layers, ODE functions included, maps images of h rows at pitch p. */
    private static boolean fits(List<QLayer> layers, int h, int p) {
        for (QLayer l : layers) {
            if (l instanceof QOdeBlock b) {
                for (QLayer g : b.f()) {
                    int[] kp = geometry(g);
                    if (kp[1] != 1 || !maps(kp, h, p)) {
                        return false;
                    }
                }
                continue;
            }
            int[] kp = geometry(l);
            if (!maps(kp, h, p)) {
                return false;
            }
            h = (h + 2 * kp[2] - kp[0]) / kp[1] + 1;
            p /= kp[1];
        }
        return true;
    }

    private static boolean maps(int[] kp, int h, int p) {
        int k = kp[0];
        int s = kp[1];
        int pad = kp[2];
        return p % s == 0 && p - h >= pad && k - 2 * pad >= 1 && k - 2 * pad <= s && h + 2 * pad >= k;
    }
}
