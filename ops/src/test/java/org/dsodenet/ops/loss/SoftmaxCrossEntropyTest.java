package org.dsodenet.ops.loss;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.dsodenet.ops.testing.FiniteDifference;
import org.junit.jupiter.api.Test;

/** The loss is computed in double, so its gradient is checked against double finite differences tightly. */
class SoftmaxCrossEntropyTest {
    /** Central differences of a loss over float logits, dividing by the step actually taken. */
    static void assertGradient(Tensor logits, Tensor grad, ToDoubleFunction<Tensor> loss) {
        float[] z = logits.data();
        for (int i = 0; i < z.length; i++) {
            double fd = FiniteDifference.central(z, i, 1e-3f, () -> loss.applyAsDouble(logits));
            assertEquals(fd, grad.data()[i], 2e-5, "logit " + i);
        }
    }

    /** {@code n} labels drawn uniformly from {@code k} classes. */
    private static int[] labels(SplittableRandom rng, int n, int k) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(k);
        }
        return labels;
    }

    @Test
    void hardLabelGradientMatchesFiniteDifferences() {
        qt().withExamples(scaled(100)).forAll(integers().between(1, 4), integers().between(2, 10), longs().all())
                .checkAssert((n, k, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Tensor z = Tensor.randn(Shape.of(n, k), rng, 3.0);
                    int[] labels = labels(rng, n, k);
                    SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.hard(z, labels);
                    assertGradient(z, r.gradLogits(), t -> SoftmaxCrossEntropy.hard(t, labels).loss());
                });
    }

    @Test
    void softTargetGradientWithTemperatureMatchesFiniteDifferences() {
        qt().withExamples(scaled(100)).forAll(integers().between(1, 4), integers().between(2, 10),
                doubles().between(0.5, 8.0), longs().all()).checkAssert((n, k, temp, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Tensor z = Tensor.randn(Shape.of(n, k), rng, 3.0);
                    Tensor q = SoftmaxCrossEntropy.softmax(Tensor.randn(Shape.of(n, k), rng, 3.0), 1.0);
                    SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.soft(z, q, temp);
                    assertGradient(z, r.gradLogits(), t -> SoftmaxCrossEntropy.soft(t, q, temp).loss());
                });
    }

    @Test
    void hardLossIsMinusLogProbabilityAndGradientRowsSumToZero() {
        Tensor z = Tensor.of(Shape.of(2, 3), 1, 2, 3, 0, 0, 0);
        SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.hard(z, new int[] {2, 0});
        double p2 = Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3));
        assertEquals((-Math.log(p2) + Math.log(3)) / 2, r.loss(), 1e-12);
        for (int n = 0; n < 2; n++) {
            double s = 0;
            for (int j = 0; j < 3; j++) {
                s += r.gradLogits().data()[n * 3 + j];
            }
            assertEquals(0, s, 1e-7);
        }
        assertEquals((1.0 / 3 - 1) / 2, r.gradLogits().data()[3], 1e-7);
    }

    @Test
    void oneHotSoftTargetsAtTemperatureOneEqualHardLabels() {
        qt().withExamples(scaled(50)).forAll(integers().between(1, 4), integers().between(2, 8), longs().all())
                .checkAssert((n, k, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Tensor z = Tensor.randn(Shape.of(n, k), rng, 2.0);
                    int[] labels = labels(rng, n, k);
                    Tensor q = Tensor.zeros(Shape.of(n, k));
                    for (int i = 0; i < n; i++) {
                        q.data()[i * k + labels[i]] = 1f;
                    }
                    SoftmaxCrossEntropy.Result hard = SoftmaxCrossEntropy.hard(z, labels);
                    SoftmaxCrossEntropy.Result soft = SoftmaxCrossEntropy.soft(z, q, 1.0);
                    assertEquals(hard.loss(), soft.loss(), 1e-12);
                    for (int i = 0; i < z.size(); i++) {
                        assertEquals(hard.gradLogits().data()[i], soft.gradLogits().data()[i], 1e-7);
                    }
                });
    }

    @Test
    void softmaxWithTemperatureFlattens() {
        Tensor z = Tensor.of(Shape.of(1, 2), 0, 2);
        float[] p1 = SoftmaxCrossEntropy.softmax(z, 1).data();
        float[] p4 = SoftmaxCrossEntropy.softmax(z, 4).data();
        assertEquals(1 / (1 + Math.exp(2)), p1[0], 1e-7);
        assertEquals(1 / (1 + Math.exp(0.5)), p4[0], 1e-7);
        assertTrue(p4[0] > p1[0]);
        // Large logits do not overflow.
        float[] big = SoftmaxCrossEntropy.softmax(Tensor.of(Shape.of(1, 2), 1000, 1001), 1).data();
        assertEquals(1 / (1 + Math.E), big[0], 1e-7);
    }

    @Test
    void badInputIsRefusedWithAMessage() {
        Tensor z = Tensor.of(Shape.of(1, 3), 0, 1, 2);
        assertEquals("label 3 of sample 0 is outside [0, 3)",
                assertThrows(IllegalArgumentException.class, () -> SoftmaxCrossEntropy.hard(z, new int[] {3}))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> SoftmaxCrossEntropy.hard(z, new int[] {0, 1}));
        assertEquals("targets of sample 0 sum to 0.5, not 1", assertThrows(IllegalArgumentException.class,
                () -> SoftmaxCrossEntropy.soft(z, Tensor.of(Shape.of(1, 3), 0.25f, 0.25f, 0), 1)).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SoftmaxCrossEntropy.soft(z, Tensor.of(Shape.of(1, 3), 1.5f, -0.5f, 0), 1));
        assertThrows(IllegalArgumentException.class,
                () -> SoftmaxCrossEntropy.soft(z, Tensor.of(Shape.of(1, 3), 1, 0, 0), 0));
        assertEquals("logit 1 of sample 0 is NaN", assertThrows(IllegalArgumentException.class,
                () -> SoftmaxCrossEntropy.hard(Tensor.of(Shape.of(1, 2), 0, Float.NaN), new int[] {0})).getMessage());
    }
}
