package org.dsodenet.adapt;

import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/**
 * Information maximisation on unlabeled target predictions (SHOT-IM, Liang et al. 2020): each image's prediction
 * should be confident (low entropy) while the batch as a whole uses every class (high entropy of the mean
 * prediction), which keeps the entropy term from collapsing all images onto one class.
 *
 * <p>{@code loss = mean_i H(p_i) + (log K - H(mean_i p_i))} with {@code p_i = softmax(z_i)}; both parts are
 * non-negative, and the loss is 0 exactly for confident predictions spread evenly over the K classes. Gradients with
 * respect to the logits: {@code -p_ik (log p_ik + H(p_i)) / N} for the entropy part and
 * {@code p_ik (log pbar_k - sum_j p_ij log pbar_j) / N} for the diversity part.
 */
public final class InfoMax {
    /**
     * @param loss      entropy + diversity
     * @param entropy   mean per-image entropy (nats)
     * @param diversity {@code log K - H(mean prediction)}
     * @param grad      d loss / d logits
     */
    public record Result(double loss, double entropy, double diversity, Tensor grad) {}

    private InfoMax() {}

    /** The loss of logits of shape (N, K). */
    public static Result compute(Tensor logits) {
        if (logits == null || logits.shape().rank() < 2) {
            throw new IllegalArgumentException("information maximisation needs logits of shape (N, K)");
        }
        Shape s = logits.shape();
        int n = s.n();
        int k = s.perSample();
        if (k < 2) {
            throw new IllegalArgumentException("information maximisation needs at least 2 classes, got " + k);
        }
        float[] z = logits.data();
        double[][] logP = new double[n][k];
        double[] mean = new double[k];
        double entropy = 0;
        double[] rowH = new double[n];
        for (int r = 0; r < n; r++) {
            Softmax.log(z, r * k, k, logP[r], r);
            for (int j = 0; j < k; j++) {
                double p = Math.exp(logP[r][j]);
                mean[j] += p / n;
                if (p > 0) {
                    rowH[r] -= p * logP[r][j];
                }
            }
            entropy += rowH[r] / n;
        }
        double[] logMean = new double[k];
        double meanH = 0;
        for (int j = 0; j < k; j++) {
            // A class no image gives any probability has log 0 = -inf; it only ever multiplies p_ij = 0 below.
            logMean[j] = Math.log(mean[j]);
            if (mean[j] > 0) {
                meanH -= mean[j] * logMean[j];
            }
        }
        float[] g = new float[z.length];
        for (int r = 0; r < n; r++) {
            double dot = 0;
            for (int j = 0; j < k; j++) {
                double p = Math.exp(logP[r][j]);
                if (p > 0) {
                    dot += p * logMean[j];
                }
            }
            for (int j = 0; j < k; j++) {
                double p = Math.exp(logP[r][j]);
                if (p > 0) {
                    g[r * k + j] = (float) ((-p * (logP[r][j] + rowH[r]) + p * (logMean[j] - dot)) / n);
                }
            }
        }
        double diversity = Math.log(k) - meanH;
        return new Result(entropy + diversity, entropy, diversity, Tensor.wrap(s, g));
    }
}
