package org.dsodenet.adapt;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.dsodenet.ops.loss.SoftmaxCrossEntropy;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DistillationTest {

    private static Tensor logits(SplittableRandom r, int n, int k) {
        Tensor t = FiniteDifference.randomFeatures(r, n, k, false);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] *= 3; // logits up to ±6, still on an exact grid
        }
        return t;
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        qt().withExamples(scaled(150)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            int n = 1 + r.nextInt(5);
            int k = 2 + r.nextInt(8);
            Tensor student = logits(r, n, k);
            Tensor teacher = logits(r, n, k);
            double temp = r.nextDouble(0.5, 8);
            Distillation.Result res = Distillation.compute(student, teacher, temp);
            FiniteDifference.check(student, res.gradStudent(),
                    x -> Distillation.compute(x, teacher, temp).loss(), "student");
        });
    }

    @Test
    void byHand() {
        // teacher uniform over 2 classes, student softmax(z / T) = (3/4, 1/4): KL = 0.5 ln(4/3), times T^2
        for (double temp : new double[] {1, 2, 4}) {
            float z = (float) (temp * Math.log(3));
            Distillation.Result r = Distillation.compute(Tensor.of(Shape.of(1, 2), z, 0f),
                    Tensor.of(Shape.of(1, 2), 0f, 0f), temp);
            assertEquals(temp * temp * 0.5 * Math.log(4.0 / 3), r.loss(), 1e-7);
            // T (q - p) / N
            assertEquals(temp * 0.25, r.gradStudent().data()[0], 1e-6);
            assertEquals(-temp * 0.25, r.gradStudent().data()[1], 1e-6);
        }
    }

    @Test
    void zeroForIdenticalLogits() {
        SplittableRandom r = new SplittableRandom(11);
        Tensor z = logits(r, 4, 10);
        Distillation.Result res = Distillation.compute(z, z.copy(), 3);
        assertEquals(0.0, res.loss());
        for (float g : res.gradStudent().data()) {
            assertEquals(0, g, 1e-7);
        }
    }

    @Test
    void gradientIsTSquaredTimesSoftCrossEntropy() {
        qt().withExamples(scaled(100)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            int n = 1 + r.nextInt(6);
            int k = 2 + r.nextInt(10);
            Tensor student = logits(r, n, k);
            Tensor teacher = logits(r, n, k);
            double temp = r.nextDouble(0.5, 8);
            Tensor kd = Distillation.compute(student, teacher, temp).gradStudent();
            Tensor ce = SoftmaxCrossEntropy.soft(student, SoftmaxCrossEntropy.softmax(teacher, temp), temp)
                    .gradLogits();
            for (int i = 0; i < kd.size(); i++) {
                assertEquals(temp * temp * ce.data()[i], kd.data()[i], 1e-5 * temp);
            }
        });
    }

    @Test
    void badInputIsRefused() {
        Tensor a = Tensor.zeros(2, 3);
        assertThrows(IllegalArgumentException.class, () -> Distillation.compute(a, a, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Distillation.compute(a, Tensor.zeros(2, 4), 2));
        assertEquals("teacher logits (2, 4) do not match student logits (2, 3)", e.getMessage());
        Tensor inf = Tensor.zeros(2, 3);
        inf.data()[4] = Float.POSITIVE_INFINITY;
        e = assertThrows(IllegalArgumentException.class, () -> Distillation.compute(inf, a, 2));
        assertEquals("student logit 1 of sample 1 is Infinity", e.getMessage());
    }
}
