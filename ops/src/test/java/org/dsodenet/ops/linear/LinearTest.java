package org.dsodenet.ops.linear;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.dsodenet.ops.layer.Flatten;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.testing.GradCheck;
import org.dsodenet.ops.testing.Rand;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LinearTest {
    @Test
    void backwardMatchesFiniteDifferences() {
        qt().withExamples(scaled(60))
                .forAll(integers().between(1, 3), integers().between(1, 12), integers().between(1, 5),
                longs().all()).checkAssert((n, in, out, seed) -> {
                    Linear fc = Linear.init("fc", in, out, (seed & 1) == 0, new SplittableRandom(seed));
                    Rand.params(fc, new SplittableRandom(seed + 1), 0.5);
                    GradCheck.standard().check(fc, Tensor.randn(Shape.of(n, in), seed + 2), seed + 3);
                });
    }

    @Test
    void flattenThenLinearOnFeatureMapsMatchesFiniteDifferences() {
        qt().withExamples(scaled(30))
                .forAll(integers().between(1, 2), integers().between(1, 3), integers().between(1, 3),
                longs().all()).checkAssert((n, c, hw, seed) -> {
                    Linear fc = Linear.init("fc", c * hw * hw, 3, true, new SplittableRandom(seed));
                    Rand.params(fc, new SplittableRandom(seed + 1), 0.5);
                    GradCheck.standard().check(new Sequential(new Flatten(), fc),
                            Tensor.randn(Shape.nchw(n, c, hw, hw), seed + 2), seed + 3);
                });
    }

    @Test
    void matchesDefinition() {
        qt().withExamples(scaled(50))
                .forAll(integers().between(1, 4), integers().between(1, 20), integers().between(1, 6),
                longs().all()).checkAssert((n, in, out, seed) -> {
                    Linear fc = Linear.init("fc", in, out, true, new SplittableRandom(seed));
                    Rand.params(fc, new SplittableRandom(seed + 1), 1.0);
                    Tensor x = Tensor.randn(Shape.of(n, in), seed + 2);
                    Tensor y = fc.forward(x, false);
                    assertEquals(Shape.of(n, out), y.shape());
                    for (int b = 0; b < n; b++) {
                        for (int o = 0; o < out; o++) {
                            double acc = fc.bias().value()[o];
                            for (int i = 0; i < in; i++) {
                                acc += (double) fc.weight().value()[o * in + i] * x.data()[b * in + i];
                            }
                            assertEquals(acc, y.data()[b * out + o], 1e-5 * (1 + Math.abs(acc)));
                        }
                    }
                });
    }

    @Test
    void refusesWrongFeatureCount() {
        Linear fc = Linear.init("head", 8, 2, true, new SplittableRandom(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fc.forward(Tensor.zeros(Shape.nchw(1, 2, 2, 1)), false));
        assertEquals("head: input (1, 2, 2, 1) has 4 features per sample, expected 8", e.getMessage());
    }
}
