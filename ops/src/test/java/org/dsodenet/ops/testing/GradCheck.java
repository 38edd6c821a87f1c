package org.dsodenet.ops.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.tensor.Tensor;

/**
 * Central finite differences against a layer's backward, for the input and every parameter.
 *
 * <p>Why float finite differences are meaningful here: the layers compute in float, so the loss
 * {@code L = sum(out * r)} (r random) is accumulated in double from the float outputs, the divisor is the step
 * actually taken in float ({@code x+eps} and {@code x-eps} after rounding), and the step is large compared with
 * float rounding. For layers linear in the perturbed value the difference quotient is then exact up to float
 * rounding of the few outputs that change (relative error ~1e-5); for smooth nonlinear layers (batch norm,
 * softmax) the truncation error is O(eps²). Each tensor's errors are measured against its largest gradient
 * component, so tolerance {@code 1e-2} still catches any wrong index, missing term or wrong scale, which all make
 * errors of the order of the gradient itself. That scale is floored at 1% of the largest component over all
 * checked tensors, because a tensor whose whole gradient sits below float noise (say a bias that barely matters
 * after several ODE steps) cannot be checked by float differences at all.
 *
 * <p>ReLU kinks: when {@code allowKinks}, a coordinate whose central difference disagrees is skipped only if the
 * difference quotients themselves show a kink within eps: the one-sided differences, or the central differences at
 * eps and eps/2, disagree by more than half the error seen. On a smooth stretch both agree far better, so a wrong
 * backward is not excused. Before that, such a coordinate is retried with a step eight times smaller, which
 * steps over the kinks in most cases and then checks it properly. One
 * kink near the base point skips every coordinate that feeds it, so the share of skipped coordinates is judged over
 * a whole property run ({@link KinkBudget}), not per example.
 */
public final class GradCheck {
    private final double eps;
    private final double tol;
    private final boolean allowKinks;

    public GradCheck(double eps, double tol, boolean allowKinks) {
        this.eps = eps;
        this.tol = tol;
        this.allowKinks = allowKinks;
    }

    /** Default: eps 1e-2, tolerance 1e-2 of the gradient's largest component, no kinks expected. */
    public static GradCheck standard() {
        return new GradCheck(1e-2, 1e-2, false);
    }

    /** For networks with ReLUs: eps 2e-3 (kinks become rarer), tolerance 1e-2, kinks recognized and skipped. */
    public static GradCheck withKinks() {
        return new GradCheck(2e-3, 1e-2, true);
    }

    /** Worst error per checked tensor (input first), relative to its scale; skipped and checked coordinates. */
    public record Result(List<Double> errors, int skipped, int checked) {}

    /** Finite differences of one tensor. */
    private record Probe(String name, double[] fd, double[] kinkSignal, float[] analytic, float[] values,
                         DoubleSupplier loss) {
        /** Central difference of coordinate i with step e. */
        double centralDifference(int i, double e) {
            return FiniteDifference.central(values, i, e, loss);
        }
    }

    /** Checks input and parameter gradients of {@code layer} at {@code x}; the weights r come from {@code seed}. */
    public Result check(Layer layer, Tensor x, long seed) {
        layer.clearCache();
        layer.zeroGrad();
        Tensor y = layer.forward(x, true);
        Tensor r = Tensor.randn(y.shape(), new SplittableRandom(seed), 1.0);
        Tensor dx = layer.backward(r);
        assertTrue(dx.shape().equals(x.shape()), "input gradient shape " + dx.shape() + " vs " + x.shape());
        Tensor xs = x.copy();
        DoubleSupplier loss = () -> loss(layer, xs, r);
        List<Probe> probes = new ArrayList<>();
        List<float[]> grads = new ArrayList<>();
        for (Param p : layer.params()) {
            grads.add(p.grad().clone());
        }
        probes.add(probe("input", xs.data(), dx.data(), loss));
        List<Param> params = layer.params();
        for (int i = 0; i < params.size(); i++) {
            probes.add(probe(params.get(i).name(), params.get(i).value(), grads.get(i), loss));
        }
        layer.clearCache();

        double global = 0;
        for (Probe p : probes) {
            global = Math.max(global, largest(p));
        }
        if (!allowKinks) {
            // With ReLUs a zero gradient can be legitimate (every unit off); elsewhere it means an empty check.
            assertTrue(largest(probes.get(0)) > 1e-6, "input gradient is zero everywhere, the check would be empty");
        }
        List<Double> errors = new ArrayList<>();
        int skipped = 0;
        int checked = 0;
        for (Probe p : probes) {
            double scale = Math.max(largest(p), 0.01 * global);
            double worst = 0;
            for (int i = 0; i < p.fd().length; i++) {
                checked++;
                double err = scale == 0 ? 0 : Math.abs(p.fd()[i] - p.analytic()[i]) / scale;
                if (err > tol && allowKinks) {
                    // Several kinks can hide each other's signal; a step eight times smaller usually steps over
                    // none of them, and on a smooth stretch it only confirms the first difference.
                    double fineFd = p.centralDifference(i, eps / 8);
                    double fine = Math.abs(fineFd - p.analytic()[i]) / scale;
                    double signal = Math.max(p.kinkSignal()[i], Math.abs(fineFd - p.fd()[i]));
                    if (fine <= tol) {
                        err = fine;
                    } else if (signal / scale > err / 2) {
                        skipped++;
                        continue;
                    }
                }
                int at = i;
                double s = scale;
                assertTrue(err <= tol, () -> p.name() + "[" + at + "]: analytic " + p.analytic()[at]
                        + ", finite difference " + p.fd()[at] + " (scale " + s + ", tolerance " + tol + ")");
                worst = Math.max(worst, err);
            }
            errors.add(worst);
        }
        return new Result(errors, skipped, checked);
    }

    private static double largest(Probe p) {
        double m = 0;
        for (int i = 0; i < p.fd().length; i++) {
            m = Math.max(m, Math.max(Math.abs(p.fd()[i]), Math.abs(p.analytic()[i])));
        }
        return m;
    }

    private static double loss(Layer layer, Tensor x, Tensor r) {
        Tensor y = layer.forward(x, true);
        layer.clearCache();
        double s = 0;
        float[] yd = y.data();
        float[] rd = r.data();
        for (int i = 0; i < yd.length; i++) {
            s += (double) yd[i] * rd[i];
        }
        return s;
    }

    /** Central differences (and the gap between the one-sided ones) of every element of {@code values}. */
    private Probe probe(String name, float[] values, float[] analytic, DoubleSupplier f) {
        int n = values.length;
        double[] fd = new double[n];
        double[] kink = new double[n];
        double l0 = f.getAsDouble();
        for (int i = 0; i < n; i++) {
            FiniteDifference.Sample s = FiniteDifference.sample(values, i, eps, f);
            fd[i] = s.central();
            if (allowKinks) {
                // Smooth: one-sided differences agree to O(eps), and halving eps changes the central one by
                // O(eps²). A kink inside the interval breaks at least one of the two (both when there are kinks on
                // either side of the point).
                double oneSided = s.oneSidedGap(l0);
                double halved = Math.abs(FiniteDifference.central(values, i, eps / 2, f) - fd[i]);
                kink[i] = Math.max(oneSided / 2, halved);
            }
        }
        return new Probe(name, fd, kink, analytic, values, f);
    }
}
