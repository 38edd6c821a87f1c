package org.dsodenet.adapt;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.dsodenet.ops.testing.FiniteDifference;
import org.junit.jupiter.api.Test;

class InfoMaxTest {

    private static Tensor logits(SplittableRandom r, int n, int k) {
        Tensor t = FiniteDifference.randomFeatures(r, n, k, false);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] *= 3;
        }
        return t;
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        qt().withExamples(scaled(150)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            int n = 1 + r.nextInt(6);
            int k = 2 + r.nextInt(8);
            Tensor z = logits(r, n, k);
            InfoMax.Result res = InfoMax.compute(z);
            FiniteDifference.check(z, res.grad(), x -> InfoMax.compute(x).loss(), "logits");
        });
    }

    @Test
    void entropyAndDiversityPartsEachMatchFiniteDifferences() {
        // The parts' gradients are checked one at a time by removing the other part's contribution analytically:
        // the entropy part alone is the N = 1 loss minus its diversity, which for one image is log K - H(p).
        SplittableRandom r = new SplittableRandom(5);
        Tensor one = logits(r, 1, 6);
        InfoMax.Result res = InfoMax.compute(one);
        assertEquals(Math.log(6), res.loss(), 1e-12, "one image: H(p) + log K - H(p)");
        for (float g : res.grad().data()) {
            assertEquals(0, g, 1e-7, "a constant has no gradient");
        }
        Tensor z = logits(r, 4, 5);
        FiniteDifference.check(z, InfoMax.compute(z).grad(),
                x -> InfoMax.compute(x).entropy() + InfoMax.compute(x).diversity(), "parts");
    }

    @Test
    void byHand() {
        // Two images, two classes, p_1 = (3/4, 1/4), p_2 = (1/4, 3/4): mean (1/2, 1/2), diversity 0,
        // entropy H(3/4) = -(3/4 ln 3/4 + 1/4 ln 1/4) each.
        float a = (float) Math.log(3);
        InfoMax.Result r = InfoMax.compute(Tensor.of(Shape.of(2, 2), a, 0f, 0f, a));
        double h = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
        assertEquals(h, r.entropy(), 1e-7);
        assertEquals(0, r.diversity(), 1e-7);
        // d/dz_11 = -p (log p + H) / N with p = 3/4; the diversity part is 0 at a uniform mean
        assertEquals(-0.75 * (Math.log(0.75) + h) / 2, r.grad().data()[0], 1e-6);
    }

    @Test
    void collapseIsPenalisedAndConfidentBalancedPredictionsAreNot() {
        float big = 30;
        InfoMax.Result collapsed = InfoMax.compute(Tensor.of(Shape.of(2, 2), big, 0f, big, 0f));
        InfoMax.Result balanced = InfoMax.compute(Tensor.of(Shape.of(2, 2), big, 0f, 0f, big));
        assertEquals(Math.log(2), collapsed.diversity(), 1e-9);
        assertEquals(0, balanced.loss(), 1e-9);
        assertTrue(collapsed.loss() > balanced.loss() + 0.6);
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> InfoMax.compute(Tensor.zeros(3, 1)));
        Tensor nan = Tensor.zeros(2, 3);
        nan.data()[5] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InfoMax.compute(nan));
        assertEquals("logit 2 of sample 1 is NaN", e.getMessage());
    }
}
