package org.dsodenet.ops.act;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.dsodenet.ops.testing.GradCheck;
import org.dsodenet.ops.testing.Rand;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ReluTest {
    @Test
    void backwardMatchesFiniteDifferencesAwayFromTheKink() {
        qt().withExamples(scaled(50))
                .forAll(integers().between(1, 3), integers().between(1, 3), integers().between(1, 5),
                longs().all()).checkAssert((n, c, hw, seed) -> {
                    Tensor x = Tensor.zeros(Shape.nchw(n, c, hw, hw));
                    SplittableRandom rng = new SplittableRandom(seed);
                    for (int i = 0; i < x.size(); i++) {
                        // |x| >= 0.05 > eps: no finite difference straddles the kink
                        x.data()[i] = Rand.awayFromZero(rng, 0.05);
                    }
                    // one positive input at least, or the gradient is legitimately zero everywhere
                    x.data()[0] = Math.abs(x.data()[0]);
                    new GradCheck(1e-2, 1e-3, false).check(new ReLU(), x, seed + 1);
                });
    }

    @Test
    void clampsNegativesAndMasksTheGradient() {
        ReLU r = new ReLU();
        Tensor x = Tensor.of(Shape.of(1, 5), -2f, -0f, 0f, 0.5f, 3f);
        assertArrayEquals(new float[] {0, 0, 0, 0.5f, 3f}, r.forward(x, true).data());
        assertArrayEquals(new float[] {0, 0, 0, 4, 5},
                r.backward(Tensor.of(Shape.of(1, 5), 1, 2, 3, 4, 5)).data());
    }

    @Test
    void gradientMaskIsExactAtTheExtremes() {
        ReLU r = new ReLU();
        Tensor x = Tensor.of(Shape.of(1, 6), Float.MIN_VALUE, -Float.MIN_VALUE, -0f, Float.MAX_VALUE,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
        r.forward(x, true);
        float g = 0.3f;
        assertArrayEquals(new float[] {g, 0, 0, g, g, 0},
                r.backward(Tensor.of(Shape.of(1, 6), g, g, g, g, g, g)).data());
    }
}
