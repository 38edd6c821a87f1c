package org.dsodenet.adapt;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.dsodenet.ops.loss.SoftmaxCrossEntropy;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.dsodenet.ops.testing.FiniteDifference;
import org.junit.jupiter.api.Test;

class PseudoLabelsTest {
    private static final int N = PseudoLabels.NONE;

    @Test
    void lossGradientMatchesFiniteDifferences() {
        qt().withExamples(scaled(150)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            int n = 1 + r.nextInt(6);
            int k = 2 + r.nextInt(8);
            Tensor z = FiniteDifference.randomFeatures(r, n, k, false);
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = r.nextInt(4) == 0 ? N : r.nextInt(k);
            }
            PseudoLabels.Result res = PseudoLabels.loss(z, y);
            FiniteDifference.check(z, res.grad(), x -> PseudoLabels.loss(x, y).loss(), "logits");
        });
    }

    @Test
    void withEveryImageLabeledItIsCrossEntropy() {
        SplittableRandom r = new SplittableRandom(3);
        Tensor z = FiniteDifference.randomFeatures(r, 5, 4, false);
        int[] y = {0, 3, 1, 1, 2};
        SoftmaxCrossEntropy.Result ce = SoftmaxCrossEntropy.hard(z, y);
        PseudoLabels.Result pl = PseudoLabels.loss(z, y);
        assertEquals(ce.loss(), pl.loss(), 1e-6);
        for (int i = 0; i < z.size(); i++) {
            assertEquals(ce.gradLogits().data()[i], pl.grad().data()[i], 1e-6);
        }
    }

    @Test
    void unlabeledRowsGetNoGradientAndTheLossIsOverTheWholeBatch() {
        Tensor z = Tensor.of(Shape.of(2, 2), 0f, 0f, 5f, -1f);
        PseudoLabels.Result r = PseudoLabels.loss(z, new int[] {1, N});
        assertEquals(Math.log(2) / 2, r.loss(), 1e-7);
        assertEquals(0f, r.grad().data()[2]);
        assertEquals(0f, r.grad().data()[3]);
    }

    @Test
    void selectionKeepsConfidentImagesOnly() {
        float s = (float) Math.log(9); // softmax (0.9, 0.1)
        Tensor z = Tensor.of(Shape.of(4, 2), s, 0f, 0f, s, 0f, 0f, 0f, 2 * s);
        assertArrayEquals(new int[] {0, 1, N, 1}, PseudoLabels.select(z, 0.85));
        assertArrayEquals(new int[] {N, N, N, 1}, PseudoLabels.select(z, 0.95));
        assertArrayEquals(new int[] {0, 1, 0, 1}, PseudoLabels.select(z, 0), "ties go to the first class");
    }

    @Test
    void noClassKeepsMoreThanTwiceItsShare() {
        // 10 images, 5 classes: cap ceil(2 * 10 / 5) = 4. All predict class 2, more confident further down.
        float[] v = new float[50];
        for (int i = 0; i < 10; i++) {
            v[i * 5 + 2] = 5 + i;
        }
        int[] y = PseudoLabels.select(Tensor.wrap(Shape.of(10, 5), v), 0.5);
        assertArrayEquals(new int[] {N, N, N, N, N, N, 2, 2, 2, 2}, y, "the 4 most confident");
    }

    @Test
    void badInputIsRefused() {
        Tensor z = Tensor.zeros(2, 3);
        assertThrows(IllegalArgumentException.class, () -> PseudoLabels.select(z, 1));
        assertThrows(IllegalArgumentException.class, () -> PseudoLabels.select(z, -0.1));
        assertThrows(IllegalArgumentException.class, () -> PseudoLabels.loss(z, new int[] {0}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PseudoLabels.loss(z, new int[] {0, 3}));
        assertEquals("pseudo-label 3 of sample 1 is outside 0..2", e.getMessage());
    }
}
