package org.dsodenet.adapt;

import java.util.Arrays;
import org.dsodenet.ops.tensor.Tensor;

/**
 * Squared maximum mean discrepancy between a source and a target batch of features (Gretton et al.; used for
 * domain adaptation as in Long et al.'s DAN), with its gradient with respect to both batches.
 *
 * <p>Kernel: the mean of Gaussians over bandwidths {@code gamma_b},
 * {@code k(x, y) = (1/B) sum_b exp(-||x - y||^2 / gamma_b)}, so {@code k(x, x) = 1}. Bandwidths are in units of
 * squared distance. With {@link #medianHeuristic} they are {@code gamma_b = m_b * median}, where {@code median} is
 * the median of {@code ||z_i - z_j||^2} over all pairs {@code i < j} of the pooled source and target batch (the mean
 * if that median is 0, and 1 if every point coincides); the default multipliers are {0.5, 1, 2}. Bandwidths are
 * treated as constants in the gradient (as implementations that detach them do): the median moves only by
 * swapping which pair sits in the middle, and following that would make the gradient depend on a single pair.
 *
 * <p>Estimators, with {@code Kss}, {@code Ktt}, {@code Kst} the kernel matrices:
 * <ul>
 *   <li>{@link Estimator#BIASED} (default): {@code mean(Kss) + mean(Ktt) - 2 mean(Kst)}, always {@code >= 0} and
 *       exactly 0 for identical batches;</li>
 *   <li>{@link Estimator#UNBIASED}: the same with the diagonals of {@code Kss} and {@code Ktt} left out of their
 *       means; can be negative; needs at least two samples per batch.</li>
 * </ul>
 * Everything is computed in double in a fixed order; cost is {@code O((Ns + Nt)^2 F)}.
 */
public final class Mmd {
    /** Which MMD² estimate to compute. */
    public enum Estimator { BIASED, UNBIASED }

    /**
     * @param loss       MMD² estimate
     * @param gradSource d loss / d source, shaped like the source
     * @param gradTarget d loss / d target, shaped like the target
     * @param bandwidths the {@code gamma_b} used
     */
    public record Result(double loss, Tensor gradSource, Tensor gradTarget, double[] bandwidths) {}

    private static final double[] DEFAULT_MULTIPLIERS = {0.5, 1, 2};

    private final double[] multipliers;
    private final double[] fixed;
    private final Estimator estimator;

    private Mmd(double[] multipliers, double[] fixed, Estimator estimator) {
        this.multipliers = multipliers;
        this.fixed = fixed;
        this.estimator = estimator;
    }

    /** Median-heuristic bandwidths with multipliers {0.5, 1, 2}, biased estimator. */
    public static Mmd standard() {
        return medianHeuristic(DEFAULT_MULTIPLIERS);
    }

    /** Bandwidths {@code m_b * median of pooled pairwise squared distances}. */
    public static Mmd medianHeuristic(double... multipliers) {
        return new Mmd(checkedPositive(multipliers, "bandwidth multiplier"), null, Estimator.BIASED);
    }

    /** Fixed bandwidths {@code gamma_b} (squared-distance units). */
    public static Mmd fixedBandwidths(double... gammas) {
        return new Mmd(null, checkedPositive(gammas, "bandwidth"), Estimator.BIASED);
    }

    /** The same kernel with another estimator. */
    public Mmd withEstimator(Estimator e) {
        return new Mmd(multipliers, fixed, e);
    }

    public Estimator estimator() {
        return estimator;
    }

    /** The bandwidths this instance would use for the given batches. */
    public double[] bandwidths(Tensor source, Tensor target) {
        Features s = Features.of(source, "source");
        Features t = Features.of(target, "target");
        Features.requireSameWidth(s, t);
        return bandwidths(pooledDistances(s, t), s.rows + t.rows);
    }

    /** The MMD² estimate and its gradients. */
    public Result compute(Tensor source, Tensor target) {
        Features s = Features.of(source, "source");
        Features t = Features.of(target, "target");
        Features.requireSameWidth(s, t);
        int ns = s.rows;
        int nt = t.rows;
        boolean unbiased = estimator == Estimator.UNBIASED;
        if (unbiased && (ns < 2 || nt < 2)) {
            throw new IllegalArgumentException("unbiased MMD needs at least 2 samples per batch, got " + ns + " and "
                    + nt);
        }
        int n = ns + nt;
        int f = s.cols;
        double[] z = new double[n * f];
        System.arraycopy(s.data, 0, z, 0, ns * f);
        System.arraycopy(t.data, 0, z, ns * f, nt * f);
        double[] d2 = pooledDistances(s, t);
        double[] gammas = bandwidths(d2, n);

        double wss = unbiased ? 1.0 / ((double) ns * (ns - 1)) : 1.0 / ((double) ns * ns);
        double wtt = unbiased ? 1.0 / ((double) nt * (nt - 1)) : 1.0 / ((double) nt * nt);
        double wst = -1.0 / ((double) ns * nt);
        // kernel values and their derivatives with respect to the squared distance, mirrored into full matrices
        double[] k = new double[n * n];
        double[] dk = new double[n * n];
        for (int i = 0; i < n; i++) {
            k[i * n + i] = 1;
            for (int j = i + 1; j < n; j++) {
                double d = d2[i * n + j];
                double kv = 0;
                double dv = 0;
                for (double g : gammas) {
                    double e = Math.exp(-d / g);
                    kv += e;
                    dv -= e / g;
                }
                k[i * n + j] = k[j * n + i] = kv / gammas.length;
                dk[i * n + j] = dk[j * n + i] = dv / gammas.length;
            }
        }
        // Block sums over ordered pairs in row-major order: for identical batches the three sums see the same
        // values in the same order, which makes the biased estimate exactly 0.
        double sss = blockSum(k, n, 0, ns, 0, ns, unbiased);
        double stt = blockSum(k, n, ns, n, ns, n, unbiased);
        double sst = blockSum(k, n, 0, ns, ns, n, false);
        double loss = sss * wss + stt * wtt + 2 * sst * wst;

        double[] grad = new double[n * f];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double w = i < ns ? (j < ns ? wss : wst) : wtt;
                // d/dz_i of the (i, j) and (j, i) terms: 2 w k'(d) * 2 (z_i - z_j); z_j gets the opposite
                double c = 4 * w * dk[i * n + j];
                if (c != 0) {
                    accumulatePair(z, grad, i, j, f, c);
                }
            }
        }
        double[] gs = Arrays.copyOfRange(grad, 0, ns * f);
        double[] gt = Arrays.copyOfRange(grad, ns * f, n * f);
        return new Result(loss, Features.toTensor(gs, source), Features.toTensor(gt, target), gammas);
    }

    private static double blockSum(double[] k, int n, int r0, int r1, int c0, int c1, boolean skipDiagonal) {
        double sum = 0;
        for (int i = r0; i < r1; i++) {
            for (int j = c0; j < c1; j++) {
                if (!(skipDiagonal && i == j)) {
                    sum += k[i * n + j];
                }
            }
        }
        return sum;
    }

    private static void accumulatePair(double[] z, double[] grad, int i, int j, int f, double c) {
        int oi = i * f;
        int oj = j * f;
        for (int q = 0; q < f; q++) {
            double diff = c * (z[oi + q] - z[oj + q]);
            grad[oi + q] += diff;
            grad[oj + q] -= diff;
        }
    }

    /** Squared distances of the pooled batch (source rows first), upper triangle of an n-by-n matrix. */
    private static double[] pooledDistances(Features s, Features t) {
        int ns = s.rows;
        int n = ns + t.rows;
        int f = s.cols;
        double[] d2 = new double[n * n];
        for (int i = 0; i < n; i++) {
            double[] a = i < ns ? s.data : t.data;
            int oa = (i < ns ? i : i - ns) * f;
            for (int j = i + 1; j < n; j++) {
                double[] b = j < ns ? s.data : t.data;
                int ob = (j < ns ? j : j - ns) * f;
                double sum = 0;
                for (int q = 0; q < f; q++) {
                    double diff = a[oa + q] - b[ob + q];
                    sum += diff * diff;
                }
                d2[i * n + j] = sum;
            }
        }
        return d2;
    }

    private double[] bandwidths(double[] d2, int n) {
        if (fixed != null) {
            return fixed.clone();
        }
        double base = 1;
        if (n >= 2) {
            double[] pairs = new double[n * (n - 1) / 2];
            int p = 0;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    pairs[p++] = d2[i * n + j];
                    sum += d2[i * n + j];
                }
            }
            Arrays.sort(pairs);
            int m = pairs.length;
            double median = m % 2 == 1 ? pairs[m / 2] : (pairs[m / 2 - 1] + pairs[m / 2]) / 2;
            double mean = sum / m;
            base = median > 0 ? median : mean > 0 ? mean : 1;
        }
        double[] g = new double[multipliers.length];
        for (int b = 0; b < g.length; b++) {
            g[b] = multipliers[b] * base;
        }
        return g;
    }

    private static double[] checkedPositive(double[] v, String what) {
        if (v == null || v.length == 0) {
            throw new IllegalArgumentException("need at least one " + what);
        }
        for (double x : v) {
            if (!(x > 0) || Double.isInfinite(x)) {
                throw new IllegalArgumentException(what + " must be positive and finite, got " + x);
            }
        }
        return v.clone();
    }
}
