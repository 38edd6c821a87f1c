package org.dsodenet.adapt;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.Test;

class CoralTest {

    @Test
    void gradientsMatchFiniteDifferences() {
        qt().withExamples(scaled(150)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            int f = 1 + r.nextInt(6);
            boolean rank4 = r.nextBoolean();
            Tensor s = FiniteDifference.randomFeatures(r, 2 + r.nextInt(6), f, rank4);
            Tensor t = FiniteDifference.randomFeatures(r, 2 + r.nextInt(6), f, rank4);
            Coral.Result res = Coral.compute(s, t);
            FiniteDifference.check(s, res.gradSource(), x -> Coral.compute(x, t).loss(), "source");
            FiniteDifference.check(t, res.gradTarget(), x -> Coral.compute(s, x).loss(), "target");
        });
    }

    @Test
    void oneFeatureByHand() {
        // source {0, 2}: variance 2; target {0, 1}: variance 0.5; loss = 1.5^2 / 4
        // d/dXs = Xs_c * 1.5 = {-1.5, 1.5}; d/dXt = -Xt_c * 1.5 = {0.75, -0.75}
        Coral.Result r = Coral.compute(Tensor.of(Shape.of(2, 1), 0f, 2f), Tensor.of(Shape.of(2, 1), 0f, 1f));
        assertEquals(0.5625, r.loss(), 1e-15);
        assertArrayEquals(new float[] {-1.5f, 1.5f}, r.gradSource().data());
        assertArrayEquals(new float[] {0.75f, -0.75f}, r.gradTarget().data());
    }

    @Test
    void twoFeaturesByHand() {
        // source rows (1, 0), (-1, 0): Cs = [[2, 0], [0, 0]]; target rows (0, 1), (0, -1): Ct = [[0, 0], [0, 2]]
        // ||Cs - Ct||^2 = 8, d = 2: loss = 8 / 16
        Coral.Result r = Coral.compute(Tensor.of(Shape.of(2, 2), 1f, 0f, -1f, 0f),
                Tensor.of(Shape.of(2, 2), 0f, 1f, 0f, -1f));
        assertEquals(0.5, r.loss(), 1e-15);
    }

    @Test
    void invariantToTranslationAndZeroForEqualCovariance() {
        qt().withExamples(scaled(100)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            Tensor s = FiniteDifference.randomFeatures(r, 2 + r.nextInt(8), 1 + r.nextInt(6), false);
            Tensor moved = s.copy();
            float shift = r.nextInt(-8, 9);
            for (int i = 0; i < moved.size(); i++) {
                moved.data()[i] += shift; // exact: the values sit on a 2^-10 grid
            }
            assertEquals(0, Coral.compute(s, moved).loss(), 1e-12);
            Tensor scaled = s.copy();
            for (int i = 0; i < scaled.size(); i++) {
                scaled.data()[i] *= 2;
            }
            double base = Coral.compute(s, Tensor.zeros(s.shape())).loss();
            // covariance scales by 4, so the distance to a zero-covariance batch grows 16-fold
            assertEquals(16 * base, Coral.compute(scaled, Tensor.zeros(s.shape())).loss(), 1e-9 * (1 + base));
            assertTrue(base >= 0);
        });
    }

    @Test
    void badInputIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Coral.compute(Tensor.zeros(1, 3), Tensor.zeros(4, 3)));
        assertEquals("CORAL needs at least 2 samples per batch, got 1 and 4", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Coral.compute(Tensor.zeros(2, 3), Tensor.zeros(2, 2)));
    }
}
