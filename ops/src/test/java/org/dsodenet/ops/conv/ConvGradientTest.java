package org.dsodenet.ops.conv;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.testing.GradCheck;
import org.dsodenet.ops.testing.Rand;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.core.Gen;

/** Backward of the three convolutions against central finite differences over random geometries. */
class ConvGradientTest {
    /** One random convolution problem. */
    record Case(int batch, int cIn, int cOut, int k, int stride, int pad, int h, int w, boolean bias, long seed) {
        Window window() {
            return new Window(k, stride, pad);
        }

        Tensor input() {
            return Tensor.randn(Shape.nchw(batch, cIn, h, w), seed);
        }
    }

    static Gen<Case> cases() {
        Gen<int[]> channels = integers().between(1, 2).zip(integers().between(1, 3), integers().between(1, 3),
                integers().between(1, 3), (n, ci, co, k) -> new int[] {n, ci, co, k});
        Gen<int[]> geometry = integers().between(1, 2).zip(integers().between(0, 2), integers().between(1, 6),
                integers().between(1, 6), (s, p, h, w) -> new int[] {s, p, h, w});
        return channels.zip(geometry, longs().all(), (c, g, seed) -> {
            int k = c[3];
            int pad = g[1] % k;
            int minSize = Math.max(1, k - 2 * pad);
            return new Case(c[0], c[1], c[2], k, g[0], pad, Math.max(g[2], minSize), Math.max(g[3], minSize),
                    (seed & 1) == 0, seed);
        });
    }

    /** The three convolutions, each built for a case with its own random weights. */
    static Stream<Arguments> layers() {
        Function<Case, Layer> conv = c -> Conv2d.init("conv", c.cIn(), c.cOut(), c.window(), c.bias(),
                new SplittableRandom(c.seed()));
        Function<Case, Layer> dw = c -> DepthwiseConv2d.init("dw", c.cIn(), c.window(), c.bias(),
                new SplittableRandom(c.seed()));
        Function<Case, Layer> pw = c -> PointwiseConv2d.init("pw", c.cIn(), c.cOut(), c.bias(),
                new SplittableRandom(c.seed()));
        return Stream.of(Arguments.of("conv2d", conv), Arguments.of("depthwise", dw), Arguments.of("pointwise", pw));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void backwardMatchesFiniteDifferences(String kind, Function<Case, Layer> layer) {
        qt().withExamples(scaled(60)).forAll(cases()).checkAssert(c -> {
            Layer l = layer.apply(c);
            Rand.params(l, new SplittableRandom(c.seed() + 1), 0.5);
            GradCheck.standard().check(l, c.input(), c.seed() + 2);
        });
    }
}
