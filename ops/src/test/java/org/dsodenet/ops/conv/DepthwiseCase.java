package org.dsodenet.ops.conv;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import java.util.function.BiConsumer;
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

    /** How a test turns drawn batch, channel count, map size and seed into its own kind of shape. */
    interface Draw {
        DepthwiseCase draw(int batch, int channels, int size, long seed);
    }

    /**
     * Checks {@code body} on {@code examples} (scaled) cases of 1 to {@code maxBatch} samples, 1 to 4 channels and
     * maps of size 1 to 12; the body's generator is seeded from the case seed plus {@code salt}, so that tests of
     * one class draw different arrays for the same shape.
     */
    static void forAll(int examples, int maxBatch, Draw draw, long salt,
            BiConsumer<DepthwiseCase, SplittableRandom> body) {
        qt().withExamples(scaled(examples))
                .forAll(integers().between(1, maxBatch), integers().between(1, 4), integers().between(1, 12),
                        longs().all())
                .checkAssert((b, c, size, seed) -> {
                    DepthwiseCase cs = draw.draw(b, c, size, seed);
                    body.accept(cs, new SplittableRandom(cs.seed() + salt));
                });
    }
}
