package org.dsodenet.train;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Optimizer updates against hand-derived values, convergence on quadratics, and state export/import. */
class OptimizerTest {

    private static Param param(String name, float... v) {
        return new Param(name, Shape.of(v.length), v.clone());
    }

    private static void setGrad(Param p, float... g) {
        System.arraycopy(g, 0, p.grad(), 0, g.length);
    }

    @Test
    void plainSgdStep() {
        Param p = param("w", 1f, 2f);
        Sgd sgd = new Sgd(List.of(p), 0.1);
        setGrad(p, 0.5f, -1f);
        sgd.step();
        assertArrayEquals(new float[] {0.95f, 2.1f}, p.value(), 1e-7f);
        assertEquals(1, sgd.steps());
    }

    /**
     * Momentum: v1 = 1, w1 = 1 - 0.1 = 0.9; v2 = 0.9 + 1 = 1.9, w2 = 0.9 - 0.19 = 0.71.
     * Nesterov: v1 = 1, d1 = 1 + 0.9 = 1.9, w1 = 0.81; v2 = 1.9, d2 = 1 + 1.71 = 2.71, w2 = 0.539.
     * The buffer holds v2 = 1.9 either way.
     */
    @ParameterizedTest(name = "nesterov {0}")
    @CsvSource({"false, 0.9, 1e-7, 0.71", "true, 0.81, 1e-6, 0.539"})
    void momentumTwoSteps(boolean nesterov, float w1, float w1Tolerance, float w2) {
        Param p = param("w", 1f);
        Sgd sgd = new Sgd(List.of(p), 0.1, 0.9, nesterov, WeightDecay.none());
        setGrad(p, 1f);
        sgd.step();
        assertEquals(w1, p.value()[0], w1Tolerance);
        sgd.step();
        assertEquals(w2, p.value()[0], 1e-6f);
        assertEquals(1.9f, sgd.state().buffers().get(0).values()[0], 1e-6f);
    }

    @Test
    void l2DecayEntersTheGradient() {
        // g = 0 + 0.1 * 2 = 0.2; w = 2 - 0.5 * 0.2 = 1.9; with momentum the buffer holds 0.2
        Param p = param("w", 2f);
        Sgd sgd = new Sgd(List.of(p), 0.5, 0.9, false, WeightDecay.l2(0.1));
        sgd.step();
        assertEquals(1.9f, p.value()[0], 1e-6f);
        assertEquals(0.2f, sgd.state().buffers().get(0).values()[0], 1e-7f);
    }

    @Test
    void decoupledDecayShrinksWeightsOutsideMomentum() {
        // w = 2 * (1 - 0.5 * 0.1) - 0.5 * 1 = 1.4; the momentum buffer only sees the gradient
        Param p = param("w", 2f);
        Sgd sgd = new Sgd(List.of(p), 0.5, 0.9, false, WeightDecay.decoupled(0.1));
        setGrad(p, 1f);
        sgd.step();
        assertEquals(1.4f, p.value()[0], 1e-6f);
        assertEquals(1f, sgd.state().buffers().get(0).values()[0]);
    }

    @Test
    void decayFilterSkipsParameters() {
        Param w = param("fc.weight", 1f);
        Param b = param("fc.bias", 1f);
        Sgd sgd = new Sgd(List.of(w, b), 0.5, 0, false,
                WeightDecay.l2(0.1).only(p -> p.name().endsWith(".weight")));
        sgd.step();
        assertEquals(0.95f, w.value()[0], 1e-7f);
        assertEquals(1f, b.value()[0]);
    }

    @Test
    void adamTwoStepsByHand() {
        // step 1, g = 2: m = 0.2, v = 0.004, mhat = 2, vhat = 4, w = 0.5 - 0.01 * 2 / 2 = 0.49
        // step 2, g = -1: m = 0.08, v = 0.004996, mhat = 0.08 / 0.19, vhat = 0.004996 / 0.001999,
        //   w = 0.49 - 0.01 * 0.421053 / 1.580902 = 0.4873366
        Param p = param("w", 0.5f);
        Adam adam = new Adam(List.of(p), 0.01);
        setGrad(p, 2f);
        adam.step();
        assertEquals(0.49f, p.value()[0], 1e-7f);
        setGrad(p, -1f);
        adam.step();
        assertEquals(0.4873366f, p.value()[0], 1e-7f);
        OptimizerState s = adam.state();
        assertEquals(2, s.steps());
        assertEquals(0.08f, s.buffers().get(0).values()[0], 1e-7f);
        assertEquals(0.004996f, s.buffers().get(1).values()[0], 1e-8f);
    }

    @Test
    void adamBiasCorrectionMakesEarlyStepsFullSize() {
        // with a constant gradient c the corrected moments are exactly c and c^2, so every step moves by lr;
        // without correction the first step would be lr * 0.1 / sqrt(0.001) ~ 3.16 lr
        qt().withExamples(scaled(200)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            float c = (float) ((r.nextBoolean() ? 1 : -1) * Math.exp(r.nextDouble(-5, 5)));
            double lr = Math.exp(r.nextDouble(-9, -2));
            Param p = param("w", 0f);
            Adam adam = new Adam(List.of(p), lr);
            double expected = 0;
            for (int t = 0; t < 5; t++) {
                setGrad(p, c);
                adam.step();
                expected -= lr * Math.signum(c);
                assertEquals(expected, p.value()[0], 1e-4 * Math.abs(expected) + 1e-9, "step " + (t + 1));
            }
        });
    }

    @Test
    void adamWDecayIsNotNormalised() {
        // zero gradient, w = 1, wd = 0.1, lr = 0.01: L2 decay gives g = 0.1, normalised to a full step of lr;
        // decoupled decay only shrinks by lr * wd
        Param a = param("w", 1f);
        new Adam(List.of(a), 0.01, 0.9, 0.999, 1e-8, WeightDecay.l2(0.1)).step();
        assertEquals(0.99f, a.value()[0], 1e-6f);
        Param b = param("w", 1f);
        Adam.adamW(List.of(b), 0.01, 0.1).step();
        assertEquals(0.999f, b.value()[0], 1e-7f);
    }

    /** f(w) = 0.5 sum a_i (w_i - c_i)^2 with gradient a_i (w_i - c_i). */
    private record Quadratic(double[] a, double[] c) {
        static Quadratic random(SplittableRandom r) {
            int n = 1 + r.nextInt(20);
            double[] a = new double[n];
            double[] c = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = r.nextDouble(0.5, 5);
                c[i] = r.nextDouble(-3, 3);
            }
            return new Quadratic(a, c);
        }

        double loss(Param p) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                double d = p.value()[i] - c[i];
                s += 0.5 * a[i] * d * d;
            }
            return s;
        }

        void grad(Param p) {
            for (int i = 0; i < a.length; i++) {
                p.grad()[i] = (float) (a[i] * (p.value()[i] - c[i]));
            }
        }

        double maxError(Param p) {
            double e = 0;
            for (int i = 0; i < a.length; i++) {
                e = Math.max(e, Math.abs(p.value()[i] - c[i]));
            }
            return e;
        }
    }

    private static void converges(Function<Param, Optimizer> make, LrSchedule schedule, int steps, double tol) {
        qt().withExamples(scaled(50)).forAll(longs().all()).checkAssert(seed -> {
            Quadratic q = Quadratic.random(new SplittableRandom(seed));
            Param p = new Param("w", Shape.of(q.a().length), new float[q.a().length]);
            Optimizer opt = make.apply(p);
            double start = q.loss(p);
            double early = Double.NaN;
            for (int s = 0; s < steps; s++) {
                opt.setLr(schedule.lr(0, s, steps));
                opt.zeroGrad();
                q.grad(p);
                opt.step();
                if (s == steps / 10) {
                    early = q.loss(p);
                }
            }
            double end = q.loss(p);
            assertTrue(early < start, "loss must go down early: " + start + " -> " + early);
            assertTrue(end < early || end < 1e-10, "loss must keep going down: " + early + " -> " + end);
            assertTrue(q.maxError(p) < tol, "distance to the minimum " + q.maxError(p));
        });
    }

    @Test
    void sgdConvergesOnQuadratics() {
        converges(p -> new Sgd(List.of(p), 0.1), LrSchedule.constant(0.1), 400, 1e-4);
    }

    @Test
    void momentumAndNesterovConvergeOnQuadratics() {
        converges(p -> new Sgd(List.of(p), 0.05, 0.9), LrSchedule.constant(0.05), 600, 1e-4);
        converges(p -> new Sgd(List.of(p), 0.05, 0.9, true, WeightDecay.none()), LrSchedule.constant(0.05), 600,
                1e-4);
    }

    @Test
    void adamConvergesOnQuadraticsWithCosineDecay() {
        converges(p -> new Adam(List.of(p), 0.1), LrSchedule.cosine(0.1, 0, 0, 1), 2000, 1e-3);
    }

    @Test
    void stateRoundTripContinuesBitIdentically() {
        for (boolean adam : new boolean[] {false, true}) {
            SplittableRandom r = new SplittableRandom(7);
            List<Param> a = List.of(param("x", 1f, -2f, 3f), param("y", 0.5f));
            Optimizer oa = adam ? Adam.adamW(a, 0.01, 0.01) : new Sgd(a, 0.1, 0.9, true, WeightDecay.l2(0.01));
            List<float[]> grads = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                grads.add(new float[] {(float) r.nextGaussian(), (float) r.nextGaussian(), (float) r.nextGaussian(),
                        (float) r.nextGaussian()});
            }
            for (int i = 0; i < 3; i++) {
                apply(a, grads.get(i));
                oa.step();
            }
            List<Param> b = List.of(param("x", a.get(0).value()), param("y", a.get(1).value()));
            Optimizer ob = adam ? Adam.adamW(b, 0.01, 0.01) : new Sgd(b, 0.1, 0.9, true, WeightDecay.l2(0.01));
            ob.loadState(oa.state());
            assertEquals(3, ob.steps());
            for (int i = 3; i < 6; i++) {
                apply(a, grads.get(i));
                apply(b, grads.get(i));
                oa.step();
                ob.step();
            }
            for (int k = 0; k < 2; k++) {
                assertArrayEquals(a.get(k).value(), b.get(k).value(), "adam=" + adam);
            }
        }
    }

    private static void apply(List<Param> ps, float[] g) {
        setGrad(ps.get(0), g[0], g[1], g[2]);
        setGrad(ps.get(1), g[3]);
    }

    @Test
    void stateIsACopy() {
        Param p = param("w", 1f);
        Sgd sgd = new Sgd(List.of(p), 0.1, 0.9);
        setGrad(p, 1f);
        sgd.step();
        OptimizerState s = sgd.state();
        s.buffers().get(0).values()[0] = 42f;
        assertEquals(1f, sgd.state().buffers().get(0).values()[0]);
    }

    @Test
    void badStatesAreRefusedWithoutChange() {
        Param p = param("w", 1f, 2f);
        Adam adam = new Adam(List.of(p), 0.1);
        setGrad(p, 1f, 1f);
        adam.step();
        OptimizerState good = adam.state();
        Sgd sgd = new Sgd(List.of(p), 0.1, 0.9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgd.loadState(good));
        assertEquals("optimizer state is for 'adam', this optimizer is 'sgd'", e.getMessage());

        Adam other = new Adam(List.of(param("v", 0f, 0f)), 0.1);
        e = assertThrows(IllegalArgumentException.class, () -> other.loadState(good));
        assertTrue(e.getMessage().contains("unknown parameter 'w'"), e.getMessage());

        OptimizerState shortBuf = new OptimizerState("adam", 1, List.of(
                new OptimizerState.Buffer("w", "m", new float[1]), new OptimizerState.Buffer("w", "v", new float[2])));
        Adam fresh = new Adam(List.of(param("w", 0f, 0f)), 0.1);
        e = assertThrows(IllegalArgumentException.class, () -> fresh.loadState(shortBuf));
        assertTrue(e.getMessage().contains("has 1 values, parameter has 2"), e.getMessage());
        assertEquals(0, fresh.steps());

        OptimizerState missing = new OptimizerState("adam", 1, List.of(
                new OptimizerState.Buffer("w", "m", new float[] {5f, 5f})));
        e = assertThrows(IllegalArgumentException.class, () -> fresh.loadState(missing));
        assertEquals("optimizer state lacks buffer 'v' of 'w'", e.getMessage());
        assertEquals(0f, fresh.state().buffers().get(0).values()[0]);
    }

    @Test
    void badConfigurationIsRefused() {
        Param p = param("w", 1f);
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(p), -0.1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(p), Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(p), 0.1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(p), 0.1, 0, true, WeightDecay.none()));
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p), 0.1, 1.0, 0.999, 1e-8, null));
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p), 0.1, 0.9, 0.999, 0, null));
        assertThrows(IllegalArgumentException.class, () -> WeightDecay.l2(-1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sgd(List.of(p, param("w", 0f)), 0.1));
        assertEquals("duplicate parameter name 'w'", e.getMessage());
        Sgd sgd = new Sgd(List.of(p), 0.1);
        assertThrows(IllegalArgumentException.class, () -> sgd.setLr(Double.POSITIVE_INFINITY));
    }

    @Test
    void zeroGradClearsEveryGradient() {
        Param a = param("a", 1f, 2f);
        Param b = param("b", 3f);
        setGrad(a, 1f, 2f);
        setGrad(b, 3f);
        new Adam(List.of(a, b), 0.1).zeroGrad();
        assertArrayEquals(new float[] {0f, 0f}, a.grad());
        assertArrayEquals(new float[] {0f}, b.grad());
    }
}
