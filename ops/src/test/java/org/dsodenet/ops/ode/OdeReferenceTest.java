package org.dsodenet.ops.ode;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.FirstOrderIntegrator;
import org.apache.commons.math3.ode.nonstiff.ClassicalRungeKuttaIntegrator;
import org.apache.commons.math3.ode.nonstiff.EulerIntegrator;
import org.dsodenet.ops.conv.PointwiseConv2d;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Euler and RK4 of {@link OdeBlock} against Apache Commons Math integrators and closed-form solutions. */
class OdeReferenceTest {
    /** f as a Commons Math system over the flattened state; f runs in float on the rounded state. */
    static final class LayerOde implements FirstOrderDifferentialEquations {
        final Layer f;
        final Shape shape;
        final boolean time;
        int evaluations;

        LayerOde(Layer f, Shape shape, boolean time) {
            this.f = f;
            this.shape = shape;
            this.time = time;
        }

        @Override
        public int getDimension() {
            return shape.size();
        }

        @Override
        public void computeDerivatives(double t, double[] y, double[] yDot) {
            evaluations++;
            Tensor z = Tensor.zeros(shape);
            for (int i = 0; i < y.length; i++) {
                z.data()[i] = (float) y[i];
            }
            Tensor d = f.forward(time ? TimeChannel.append(z, (float) t) : z, false);
            for (int i = 0; i < yDot.length; i++) {
                yDot[i] = d.data()[i];
            }
        }
    }

    /** Integrates with Commons Math and checks it took exactly {@code steps} steps of the given scheme. */
    static double[] commons(Layer f, Tensor z0, boolean time, Solver solver, int steps, double h) {
        LayerOde ode = new LayerOde(f, z0.shape(), time);
        double[] y = new double[z0.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = z0.data()[i];
        }
        FirstOrderIntegrator integrator = solver == Solver.EULER ? new EulerIntegrator(h)
                : new ClassicalRungeKuttaIntegrator(h);
        integrator.integrate(ode, 0.0, y, steps * h, y);
        assertEquals(steps * (solver == Solver.EULER ? 1 : 4), ode.evaluations, "Commons Math step count");
        return y;
    }

    static Tensor ours(Layer f, Tensor z0, boolean time, Solver solver, int steps, float h) {
        return new OdeBlock("ode", f, solver, steps, h, time).forward(z0, false);
    }

    static void assertClose(double[] expected, Tensor actual, double tol) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual.data()[i], tol * (1 + Math.abs(expected[i])), "element " + i);
        }
    }

    /** A pointwise layer on a 1x1 map: a linear map of the state vector, {@code dz/dt = A z}. */
    static PointwiseConv2d matrix(int out, int in, float... a) {
        return new PointwiseConv2d("A", in, out, a, null);
    }

    @Test
    void exponentialDecay() {
        Layer f = matrix(1, 1, -1f);
        Tensor z0 = Tensor.of(Shape.nchw(1, 1, 1, 1), 1f);
        float h = 0.125f;
        int steps = 8;
        for (Solver s : Solver.values()) {
            Tensor z = ours(f, z0, false, s, steps, h);
            assertClose(commons(f, z0, false, s, steps, h), z, 1e-6);
        }
        // Euler on z' = -z is exactly (1 - h)^N; RK4 is within its O(h^4) error of e^-1.
        assertEquals(Math.pow(1 - h, steps), ours(f, z0, false, Solver.EULER, steps, h).data()[0], 1e-6);
        assertEquals(Math.exp(-1), ours(f, z0, false, Solver.EULER, steps, h).data()[0], 0.03);
        assertEquals(Math.exp(-1), ours(f, z0, false, Solver.RK4, steps, h).data()[0], 1e-5);
    }

    @Test
    void rotationSystem() {
        // z' = [[0, 1], [-1, 0]] z, z(0) = (1, 0): z(t) = (cos t, -sin t); batch of two starting points.
        Layer f = matrix(2, 2, 0f, 1f, -1f, 0f);
        Tensor z0 = Tensor.of(Shape.nchw(2, 2, 1, 1), 1f, 0f, 0.5f, -2f);
        float h = 0.0625f;
        int steps = 32;
        for (Solver s : Solver.values()) {
            assertClose(commons(f, z0, false, s, steps, h), ours(f, z0, false, s, steps, h), 1e-5);
        }
        Tensor rk = ours(f, z0, false, Solver.RK4, steps, h);
        double t = steps * h;
        assertEquals(Math.cos(t), rk.data()[0], 1e-5);
        assertEquals(-Math.sin(t), rk.data()[1], 1e-5);
        Tensor eu = ours(f, z0, false, Solver.EULER, steps, h);
        assertEquals(Math.cos(t), eu.data()[0], 0.1);
        // Euler on a rotation grows the radius by sqrt(1 + h^2) per step, an exact property of the scheme.
        double r = Math.hypot(eu.data()[0], eu.data()[1]);
        assertEquals(Math.pow(Math.sqrt(1 + h * h), steps), r, 1e-5);
    }

    @Test
    void timeDependentSystemThroughTheTimeChannel() {
        // z' = -z + t (f reads the time channel): z(t) = t - 1 + (z0 + 1) e^-t.
        Layer f = matrix(1, 2, -1f, 1f);
        Tensor z0 = Tensor.of(Shape.nchw(1, 1, 1, 1), 0.5f);
        float h = 0.03125f;
        int steps = 64;
        for (Solver s : Solver.values()) {
            assertClose(commons(f, z0, true, s, steps, h), ours(f, z0, true, s, steps, h), 1e-6);
        }
        double t = steps * h;
        assertEquals(t - 1 + 1.5 * Math.exp(-t), ours(f, z0, true, Solver.RK4, steps, h).data()[0], 1e-6);
        // dz/dt = t alone: Euler sums h * k*h exactly.
        Layer onlyTime = matrix(1, 2, 0f, 1f);
        Tensor zero = Tensor.zeros(Shape.nchw(1, 1, 1, 1));
        assertEquals(h * h * steps * (steps - 1) / 2.0,
                ours(onlyTime, zero, true, Solver.EULER, steps, h).data()[0], 1e-6);
    }

    @Test
    void convolutionalOdeMatchesCommonsMath() {
        qt().withExamples(scaled(20))
                .forAll(integers().between(1, 3), integers().between(1, 12), integers().between(0, 3),
                longs().all()).checkAssert((c, steps, variant, seed) -> {
                    boolean time = (variant & 1) == 1;
                    Solver solver = (variant & 2) == 0 ? Solver.EULER : Solver.RK4;
                    Layer f = OdeGradientTest.odeFunction(c, time, false, true, seed);
                    Tensor z0 = Tensor.randn(Shape.nchw(2, c, 5, 4), new SplittableRandom(seed + 1), 1.0);
                    float h = 0.1f;
                    double[] ref = commons(f, z0, time, solver, steps, h);
                    assertClose(ref, ours(f, z0, time, solver, steps, h), 2e-5);
                });
    }

    @Test
    void eulerStepIsStateplusStepTimesF() {
        Layer f = OdeGradientTest.odeFunction(2, true, false, true, 9);
        Tensor z = Tensor.randn(Shape.nchw(2, 2, 4, 4), 10);
        float h = 0.1f;
        Tensor expected = z;
        for (int k = 0; k < 3; k++) {
            Tensor d = f.forward(TimeChannel.append(expected, (float) (k * (double) h)), false);
            float[] next = new float[z.size()];
            for (int i = 0; i < next.length; i++) {
                next[i] = expected.data()[i] + h * d.data()[i];
            }
            expected = Tensor.wrap(z.shape(), next);
        }
        assertArrayEquals(expected.data(), new OdeBlock("ode", f, 3, h, true).forward(z, false).data());
    }

    @Test
    void sharesTheWeightsOfFAndRefusesShapeChanges() {
        Layer f = OdeGradientTest.odeFunction(2, false, true, true, 1);
        OdeBlock block = new OdeBlock("ode", f, 4, 0.25f, false);
        assertEquals(f.params().size(), block.params().size());
        for (int i = 0; i < f.params().size(); i++) {
            assertSame(f.params().get(i), block.params().get(i));
        }
        OdeBlock wrong = new OdeBlock("odd", matrix(3, 2, new float[6]), 2, 0.5f, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> wrong.forward(Tensor.zeros(Shape.nchw(1, 2, 1, 1)), false));
        assertEquals("odd: f maps state (1, 2, 1, 1) to (1, 3, 1, 1), but an ODE state keeps its shape",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new OdeBlock("o", f, 0, 0.5f, false));
        assertThrows(IllegalArgumentException.class, () -> new OdeBlock("o", f, 2, Float.NaN, false));
        assertThrows(IllegalArgumentException.class, () -> TimeChannel.dropLast(Tensor.zeros(Shape.nchw(1, 1, 2, 2))));
        Tensor withT = TimeChannel.append(Tensor.zeros(Shape.nchw(2, 1, 1, 2)), 0.75f);
        assertArrayEquals(new float[] {0, 0, 0.75f, 0.75f, 0, 0, 0.75f, 0.75f}, withT.data());
        assertTrue(TimeChannel.dropLast(withT).shape().equals(Shape.nchw(2, 1, 1, 2)));
    }
}
