package org.dsodenet.ops.pool;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.dsodenet.ops.testing.GradCheck;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.Test;

class GlobalAvgPoolTest {
    @Test
    void backwardMatchesFiniteDifferences() {
        qt().withExamples(scaled(50))
                .forAll(integers().between(1, 3), integers().between(1, 4), integers().between(1, 6),
                longs().all()).checkAssert((n, c, hw, seed) -> new GradCheck(1e-2, 1e-3, false)
                        .check(new GlobalAvgPool(), Tensor.randn(Shape.nchw(n, c, hw, hw + 1), seed), seed + 1));
    }

    @Test
    void averagesEachChannel() {
        Tensor x = Tensor.of(Shape.nchw(1, 2, 2, 2), 1, 2, 3, 4, -1, -1, -1, 7);
        Tensor y = new GlobalAvgPool().forward(x, false);
        assertEquals(Shape.nchw(1, 2, 1, 1), y.shape());
        assertArrayEquals(new float[] {2.5f, 1f}, y.data());
    }
}
