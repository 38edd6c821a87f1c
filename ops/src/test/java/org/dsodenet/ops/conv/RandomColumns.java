package org.dsodenet.ops.conv;

import java.util.SplittableRandom;

/** Random geometries of a dense convolution for the order tests. */
final class RandomColumns {
    private RandomColumns() {}

    /**
     * Kernel 1 to {@code maxK}, stride {@code minStride} to {@code maxStride}, padding up to k/2, map sides k to
     * {@code k + sides - 1}, drawn in that order.
     */
    static Columns draw(SplittableRandom rng, int batch, int cIn, int maxK, int minStride, int maxStride, int sides) {
        int k = 1 + rng.nextInt(maxK);
        int stride = minStride + rng.nextInt(maxStride - minStride + 1);
        int pad = rng.nextInt(k / 2 + 1);
        int h = k + rng.nextInt(sides);
        int w = k + rng.nextInt(sides);
        return new Columns(batch, cIn, h, w, new Window(k, stride, pad));
    }
}
