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

class MmdTest {

    @Test
    void gradientsMatchFiniteDifferences() {
        qt().withExamples(scaled(150)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            boolean unbiased = r.nextBoolean();
            int min = unbiased ? 2 : 1;
            int f = 1 + r.nextInt(5);
            boolean rank4 = r.nextBoolean();
            Tensor s = FiniteDifference.randomFeatures(r, min + r.nextInt(6), f, rank4);
            Tensor t = FiniteDifference.randomFeatures(r, min + r.nextInt(6), f, rank4);
            double[] gammas = new double[1 + r.nextInt(3)];
            for (int b = 0; b < gammas.length; b++) {
                gammas[b] = f * r.nextDouble(0.5, 5);
            }
            Mmd mmd = Mmd.fixedBandwidths(gammas)
                    .withEstimator(unbiased ? Mmd.Estimator.UNBIASED : Mmd.Estimator.BIASED);
            Mmd.Result res = mmd.compute(s, t);
            FiniteDifference.check(s, res.gradSource(), x -> mmd.compute(x, t).loss(), "source");
            FiniteDifference.check(t, res.gradTarget(), x -> mmd.compute(s, x).loss(), "target");
        });
    }

    @Test
    void singlePairByHand() {
        // k(0, 1) = e^-1 with gamma 1: MMD^2 = 1 + 1 - 2/e, d/ds = 4 (s - t) e^{-(s - t)^2} = -4/e
        Mmd.Result r = Mmd.fixedBandwidths(1).compute(Tensor.of(Shape.of(1, 1), 0f), Tensor.of(Shape.of(1, 1), 1f));
        assertEquals(2 - 2 / Math.E, r.loss(), 1e-15);
        assertEquals(-4 / Math.E, r.gradSource().data()[0], 1e-6);
        assertEquals(4 / Math.E, r.gradTarget().data()[0], 1e-6);
    }

    @Test
    void medianHeuristicBandwidths() {
        // pooled points 0, 1, 3: squared distances 1, 9, 4, median 4
        Tensor s = Tensor.of(Shape.of(2, 1), 0f, 1f);
        Tensor t = Tensor.of(Shape.of(1, 1), 3f);
        assertArrayEquals(new double[] {2, 4, 8}, Mmd.standard().bandwidths(s, t));
        assertArrayEquals(new double[] {4}, Mmd.medianHeuristic(1).bandwidths(s, t));
        // even count: points 0, 1, 2, 4 give 1, 4, 16, 1, 9, 4 -> median (4 + 4) / 2
        Tensor t2 = Tensor.of(Shape.of(2, 1), 2f, 4f);
        assertArrayEquals(new double[] {4}, Mmd.medianHeuristic(1).bandwidths(s, t2));
        // all points equal: median and mean are 0, so the base is 1
        Tensor z = Tensor.of(Shape.of(2, 1), 5f, 5f);
        assertArrayEquals(new double[] {0.5, 1, 2}, Mmd.standard().bandwidths(z, z));
    }

    @Test
    void medianHeuristicTreatsBandwidthsAsConstants() {
        qt().withExamples(scaled(100)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            int f = 1 + r.nextInt(6);
            Tensor s = FiniteDifference.randomFeatures(r, 1 + r.nextInt(8), f, false);
            Tensor t = FiniteDifference.randomFeatures(r, 1 + r.nextInt(8), f, false);
            Mmd.Result med = Mmd.standard().compute(s, t);
            Mmd.Result fixed = Mmd.fixedBandwidths(med.bandwidths()).compute(s, t);
            assertEquals(fixed.loss(), med.loss());
            assertArrayEquals(fixed.gradSource().data(), med.gradSource().data());
            assertArrayEquals(fixed.gradTarget().data(), med.gradTarget().data());
        });
    }

    @Test
    void identicalBatchesGiveExactlyZero() {
        qt().withExamples(scaled(100)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            Tensor s = FiniteDifference.randomFeatures(r, 1 + r.nextInt(10), 1 + r.nextInt(8), r.nextBoolean());
            Mmd.Result res = Mmd.standard().compute(s, s.copy());
            assertEquals(0.0, res.loss());
            for (float g : res.gradSource().data()) {
                assertEquals(0, g, 1e-9);
            }
        });
    }

    @Test
    void growsWithMeanShift() {
        // from exactly 0 for the unshifted copy, increasing as the copy moves away
        qt().withExamples(scaled(50)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            int n = 16;
            int f = 4;
            Tensor s = Tensor.randn(Shape.of(n, f), r, 1.0);
            double[] direction = new double[f];
            for (int q = 0; q < f; q++) {
                direction[q] = r.nextGaussian();
            }
            double norm = Math.sqrt(java.util.Arrays.stream(direction).map(v -> v * v).sum());
            for (Mmd mmd : new Mmd[] {Mmd.standard(), Mmd.fixedBandwidths(2 * f, 4 * f)}) {
                double prev = -1;
                for (double shift : new double[] {0, 0.5, 1, 2, 4}) {
                    Tensor moved = s.copy(); // the same batch, translated
                    for (int i = 0; i < n; i++) {
                        for (int q = 0; q < f; q++) {
                            moved.data()[i * f + q] += (float) (shift * direction[q] / norm);
                        }
                    }
                    double loss = mmd.compute(s, moved).loss();
                    assertTrue(loss > prev, "shift " + shift + ": " + loss + " after " + prev);
                    prev = loss;
                }
            }
        });
    }

    @Test
    void symmetricInItsArguments() {
        SplittableRandom r = new SplittableRandom(4);
        Tensor s = FiniteDifference.randomFeatures(r, 5, 3, false);
        Tensor t = FiniteDifference.randomFeatures(r, 7, 3, false);
        for (Mmd.Estimator e : Mmd.Estimator.values()) {
            Mmd mmd = Mmd.standard().withEstimator(e);
            Mmd.Result st = mmd.compute(s, t);
            Mmd.Result ts = mmd.compute(t, s);
            assertEquals(st.loss(), ts.loss(), 1e-12);
            assertArrayEquals(st.gradSource().data(), ts.gradTarget().data(), 1e-6f);
        }
    }

    @Test
    void unbiasedEstimateCanBeNegative() {
        // two batches drawn the same way: the unbiased estimate scatters around 0
        int negative = 0;
        for (int seed = 0; seed < 20; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            Tensor s = Tensor.randn(Shape.of(8, 2), r, 1.0);
            Tensor t = Tensor.randn(Shape.of(8, 2), r, 1.0);
            if (Mmd.standard().withEstimator(Mmd.Estimator.UNBIASED).compute(s, t).loss() < 0) {
                negative++;
            }
            assertTrue(Mmd.standard().compute(s, t).loss() >= 0);
        }
        assertTrue(negative > 0);
    }

    @Test
    void badInputIsRefused() {
        Tensor a = Tensor.zeros(3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mmd.standard().compute(a, Tensor.zeros(3, 5)));
        assertEquals("source has 4 features per sample, target has 5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Mmd.standard().withEstimator(Mmd.Estimator.UNBIASED).compute(a, Tensor.zeros(1, 4)));
        assertEquals("unbiased MMD needs at least 2 samples per batch, got 3 and 1", e.getMessage());
        Tensor nan = Tensor.zeros(2, 4);
        nan.data()[5] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> Mmd.standard().compute(a, nan));
        assertEquals("target feature 5 is NaN", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Mmd.fixedBandwidths(0));
        assertThrows(IllegalArgumentException.class, () -> Mmd.medianHeuristic());
        assertThrows(IllegalArgumentException.class, () -> Mmd.standard().compute(Tensor.zeros(4), a));
    }
}
