package org.dsodenet.ops.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/**
 * Central finite differences on float tensors, for checking analytic gradients; shared with the other modules'
 * tests through the ops test-jar.
 */
public final class FiniteDifference {
    /** 2^-10: for |x| < 2^13, x ± H is exact in float, so the perturbation is exactly H. */
    public static final float H = 0x1p-10f;

    private FiniteDifference() {}

    /**
     * {@code f} with {@code v_i} one step above and one step below, and the points actually taken after rounding to
     * float; {@code values[i]} is restored afterwards.
     */
    public static Sample sample(float[] values, int i, double step, DoubleSupplier f) {
        float orig = values[i];
        float up = (float) (orig + step);
        float down = (float) (orig - step);
        values[i] = up;
        double fUp = f.getAsDouble();
        values[i] = down;
        double fDown = f.getAsDouble();
        values[i] = orig;
        return new Sample(orig, up, down, fUp, fDown);
    }

    /**
     * {@code (f(v_i + step) - f(v_i - step)) / (v_i⁺ - v_i⁻)}, dividing by the step actually taken after rounding
     * to float; {@code values[i]} is restored afterwards.
     */
    public static double central(float[] values, int i, double step, DoubleSupplier f) {
        return sample(values, i, step, f).central();
    }

    /** {@code f} at {@code up} and {@code down}, the float neighbours taken around {@code at}. */
    public record Sample(float at, float up, float down, double fUp, double fDown) {
        public double central() {
            return (fUp - fDown) / ((double) up - down);
        }

        /** The gap between the two one-sided slopes, given {@code f} at the point itself: large at a kink. */
        public double oneSidedGap(double fAt) {
            return Math.abs((fUp - fAt) / ((double) up - at) - (fAt - fDown) / ((double) at - down));
        }
    }

    /** Checks every element of {@code grad} against (f(x + H e_i) - f(x - H e_i)) / 2H. */
    public static void check(Tensor x, Tensor grad, ToDoubleFunction<Tensor> f, String what) {
        assertEquals(x.shape(), grad.shape(), what + " gradient shape");
        float[] d = x.data();
        double scale = 0;
        double[] fd = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            fd[i] = central(d, i, H, () -> f.applyAsDouble(x));
            scale = Math.max(scale, Math.abs(fd[i]));
        }
        for (int i = 0; i < d.length; i++) {
            double g = grad.data()[i];
            double tol = 2e-3 * Math.max(Math.abs(fd[i]), Math.abs(g)) + 1e-5 * scale + 1e-9;
            int idx = i;
            assertEquals(fd[i], g, tol, () -> what + " element " + idx + " of " + x.shape());
        }
    }

    /** Values on a 2^-10 grid in [-2, 2], as (n, f) or (n, f, 1, 1). */
    public static Tensor randomFeatures(SplittableRandom r, int n, int f, boolean rank4) {
        Shape s = rank4 ? Shape.nchw(n, f, 1, 1) : Shape.of(n, f);
        float[] v = new float[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(-2048, 2049) * H;
        }
        return Tensor.wrap(s, v);
    }
}
