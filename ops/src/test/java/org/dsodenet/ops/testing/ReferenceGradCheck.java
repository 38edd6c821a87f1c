package org.dsodenet.ops.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.tensor.Tensor;

/**
 * A layer's backward against central differences of a double-precision reference of its training forward, for
 * layers whose float forward is too ill-conditioned for {@link GradCheck}.
 *
 * <p>Batch norm over a few values per channel is the case in point. Its input gradient is what is left after the
 * normalization projects out the mean and the normalized direction, often tens of times smaller than the terms it
 * is computed from, and it bends on the scale of the channel's standard deviation σ. A float difference step must
 * be large to rise above float rounding of the loss, yet small against σ to keep the truncation error down, and
 * for a tight channel no step does both. In double a step of {@value #H} leaves a truncation error of order
 * (H/σ)² and a rounding error of order 1e-16/H, both far below the tolerance for any σ the tests draw.
 *
 * <p>Differences of a reference only check the backward if the reference is the layer's function, so the layer's
 * float forward is compared with the reference first.
 */
public final class ReferenceGradCheck {
    /** Central-difference step, in double. */
    static final double H = 1e-6;

    /** The layer's training forward in double, from the input and the parameter values in {@code params()} order. */
    @FunctionalInterface
    public interface Reference {
        double[] forward(double[] x, List<double[]> params);
    }

    private final double tol;

    /** {@code tol}: largest error allowed, relative to the largest gradient component of the same tensor. */
    public ReferenceGradCheck(double tol) {
        this.tol = tol;
    }

    /**
     * Checks the gradients of the input and every parameter of {@code layer} at {@code x}, the loss weights r coming
     * from {@code seed}; returns the worst error per tensor (input first), relative to its scale.
     */
    public List<Double> check(Layer layer, Tensor x, Reference reference, long seed) {
        layer.clearCache();
        layer.zeroGrad();
        Tensor y = layer.forward(x, true);
        Tensor r = Tensor.randn(y.shape(), new SplittableRandom(seed), 1.0);
        Tensor dx = layer.backward(r);
        layer.clearCache();
        List<String> names = new ArrayList<>(List.of("input"));
        List<float[]> analytic = new ArrayList<>(List.of(dx.data()));
        List<double[]> values = new ArrayList<>(List.of(toDouble(x.data())));
        for (Param p : layer.params()) {
            names.add(p.name());
            analytic.add(p.grad());
            values.add(toDouble(p.value()));
        }
        double[] x0 = values.get(0);
        List<double[]> params = values.subList(1, values.size());
        checkForward(y.data(), reference.forward(x0, params));

        double[] weights = toDouble(r.data());
        List<double[]> fd = new ArrayList<>();
        double global = 0;
        for (int t = 0; t < values.size(); t++) {
            fd.add(differences(values.get(t), () -> dot(reference.forward(x0, params), weights)));
            global = Math.max(global, largest(fd.get(t), analytic.get(t)));
        }
        assertTrue(largest(fd.get(0), analytic.get(0)) > 1e-6, "input gradient is zero everywhere, nothing checked");
        List<Double> worst = new ArrayList<>();
        for (int t = 0; t < values.size(); t++) {
            // As in GradCheck: each tensor against its own scale, floored where it sits far below the others.
            double scale = Math.max(largest(fd.get(t), analytic.get(t)), 0.01 * global);
            double w = 0;
            for (int i = 0; i < fd.get(t).length; i++) {
                double err = Math.abs(fd.get(t)[i] - analytic.get(t)[i]) / scale;
                int at = i;
                int tensor = t;
                assertTrue(err <= tol, () -> names.get(tensor) + "[" + at + "]: analytic " + analytic.get(tensor)[at]
                        + ", double-precision difference " + fd.get(tensor)[at] + " (scale " + scale
                        + ", tolerance " + tol + ")");
                w = Math.max(w, err);
            }
            worst.add(w);
        }
        return worst;
    }

    /** The float forward must be the reference's function, up to float rounding. */
    private static void checkForward(float[] y, double[] ref) {
        assertEquals(ref.length, y.length, "reference output size");
        for (int i = 0; i < y.length; i++) {
            assertEquals(ref[i], y[i], 1e-4 * (1 + Math.abs(ref[i])), "forward output " + i + " against the reference");
        }
    }

    /** Central differences of {@code loss} in every element of {@code v}, which the loss reads. */
    private static double[] differences(double[] v, DoubleSupplier loss) {
        double[] fd = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double orig = v[i];
            double up = orig + H;
            double down = orig - H;
            v[i] = up;
            double lp = loss.getAsDouble();
            v[i] = down;
            double lm = loss.getAsDouble();
            v[i] = orig;
            fd[i] = (lp - lm) / (up - down);
        }
        return fd;
    }

    private static double largest(double[] fd, float[] analytic) {
        double m = 0;
        for (int i = 0; i < fd.length; i++) {
            m = Math.max(m, Math.max(Math.abs(fd[i]), Math.abs(analytic[i])));
        }
        return m;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
