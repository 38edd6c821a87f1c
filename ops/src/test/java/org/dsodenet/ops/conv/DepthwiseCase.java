package org.dsodenet.ops.conv;

import java.util.SplittableRandom;
import org.dsodenet.ops.testing.Rand;

/**
 * One drawn depthwise layer shape, shared by the kernel tests that compare a fast layout with the column kernel:
 * each test draws its own shapes, but the arrays it feeds both kernels are sized the same way.
 */
record DepthwiseCase(int batch, int channels, int h, int w, Window win, boolean bias, long seed) {
    /** Taps of one channel's kernel. */
    int taps() {
        return win.k() * win.k();
    }

    /** Normal input maps of the whole batch. */
    float[] input(SplittableRandom rng) {
        return Rand.normals(batch * channels * h * w, rng);
    }

    /** Normal depthwise weights, one kernel per channel. */
    float[] weights(SplittableRandom rng) {
        return Rand.normals(channels * taps(), rng);
    }

    /** The column layout of this shape, the reference the faster kernels must match. */
    Columns columns() {
        return new Columns(batch, channels, h, w, win);
    }

    Columns columns(boolean framed) {
        return new Columns(batch, channels, h, w, win, framed);
    }
}
