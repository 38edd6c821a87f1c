package org.dsodenet.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/** Central finite differences on float tensors, for checking analytic gradients. */
final class FiniteDifference {
    /** 2^-10: for |x| < 2^13, x ± H is exact in float, so the perturbation is exactly H. */
    static final float H = 0x1p-10f;

    private FiniteDifference() {}

    /** Checks every element of {@code grad} against (f(x + H e_i) - f(x - H e_i)) / 2H. */
    static void check(Tensor x, Tensor grad, ToDoubleFunction<Tensor> f, String what) {
        assertEquals(x.shape(), grad.shape(), what + " gradient shape");
        float[] d = x.data();
        double scale = 0;
        double[] fd = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            float keep = d[i];
            d[i] = keep + H;
            double up = f.applyAsDouble(x);
            d[i] = keep - H;
            double down = f.applyAsDouble(x);
            d[i] = keep;
            fd[i] = (up - down) / (2.0 * H);
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
    static Tensor randomFeatures(SplittableRandom r, int n, int f, boolean rank4) {
        Shape s = rank4 ? Shape.nchw(n, f, 1, 1) : Shape.of(n, f);
        float[] v = new float[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(-2048, 2049) * H;
        }
        return Tensor.wrap(s, v);
    }
}
