package org.dsodenet.adapt;

import org.dsodenet.ops.tensor.Tensor;

/**
 * CORAL loss (Sun and Saenko, Deep CORAL): {@code ||Cs - Ct||_F^2 / (4 d^2)} where {@code Cs}, {@code Ct} are the
 * unbiased feature covariances ({@code 1/(n-1)} normalisation) of the source and target batches and {@code d} the
 * feature count. Gradients: {@code dL/dXs = Xs_c (Cs - Ct) / (d^2 (ns - 1))} and
 * {@code dL/dXt = -Xt_c (Cs - Ct) / (d^2 (nt - 1))}, with {@code X_c} the centred batch (centring adds no term
 * because the columns of {@code X_c} sum to zero). Computed in double; cost {@code O((ns + nt) d^2)}.
 */
public final class Coral {
    /**
     * @param loss       the CORAL loss
     * @param gradSource d loss / d source, shaped like the source
     * @param gradTarget d loss / d target, shaped like the target
     */
    public record Result(double loss, Tensor gradSource, Tensor gradTarget) {}

    private Coral() {}

    /** The CORAL loss and its gradients; each batch needs at least 2 samples. */
    public static Result compute(Tensor source, Tensor target) {
        Features s = Features.of(source, "source");
        Features t = Features.of(target, "target");
        Features.requireSameWidth(s, t);
        if (s.rows < 2 || t.rows < 2) {
            throw new IllegalArgumentException("CORAL needs at least 2 samples per batch, got " + s.rows + " and "
                    + t.rows);
        }
        int d = s.cols;
        double[] xs = centred(s);
        double[] xt = centred(t);
        double[] cs = covariance(xs, s.rows, d);
        double[] ct = covariance(xt, t.rows, d);
        double[] diff = new double[d * d];
        double sq = 0;
        for (int i = 0; i < diff.length; i++) {
            diff[i] = cs[i] - ct[i];
            sq += diff[i] * diff[i];
        }
        double dd = (double) d * d;
        double loss = sq / (4 * dd);
        double[] gs = times(xs, s.rows, diff, d, 1 / (dd * (s.rows - 1)));
        double[] gt = times(xt, t.rows, diff, d, -1 / (dd * (t.rows - 1)));
        return new Result(loss, Features.toTensor(gs, source), Features.toTensor(gt, target));
    }

    private static double[] centred(Features x) {
        int n = x.rows;
        int d = x.cols;
        double[] mean = new double[d];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                mean[c] += x.data[r * d + c];
            }
        }
        double[] out = new double[n * d];
        for (int c = 0; c < d; c++) {
            mean[c] /= n;
        }
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                out[r * d + c] = x.data[r * d + c] - mean[c];
            }
        }
        return out;
    }

    /** {@code X_c^T X_c / (n - 1)}, row-major d-by-d. */
    private static double[] covariance(double[] xc, int n, int d) {
        double[] c = new double[d * d];
        for (int r = 0; r < n; r++) {
            int o = r * d;
            for (int a = 0; a < d; a++) {
                double va = xc[o + a];
                for (int b = a; b < d; b++) {
                    c[a * d + b] += va * xc[o + b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                c[a * d + b] /= n - 1;
                c[b * d + a] = c[a * d + b];
            }
        }
        return c;
    }

    /** {@code scale * X_c M} for symmetric d-by-d M. */
    private static double[] times(double[] xc, int n, double[] m, int d, double scale) {
        double[] out = new double[n * d];
        for (int r = 0; r < n; r++) {
            int o = r * d;
            for (int a = 0; a < d; a++) {
                double va = xc[o + a];
                if (va == 0) {
                    continue;
                }
                for (int b = 0; b < d; b++) {
                    out[o + b] += va * m[a * d + b];
                }
            }
            for (int b = 0; b < d; b++) {
                out[o + b] *= scale;
            }
        }
        return out;
    }
}
