package org.dsodenet.ops.loss;

import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/**
 * Softmax cross-entropy on logits (N, K) (any shape whose per-sample size is K), averaged over the batch, with its
 * gradient with respect to the logits. Computed in double with the max-subtraction trick.
 *
 * <p>Soft targets (knowledge distillation, domain adaptation): the loss is
 * {@code -sum_j q_j log softmax(z / T)_j} and its gradient {@code (softmax(z / T) - q) / T}, both averaged over the
 * batch. Hinton et al. multiply this term by {@code T²} to keep gradient magnitudes comparable across
 * temperatures; that factor is left to the caller.
 */
public final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {}

    /** Mean loss over the batch and the gradient of that mean with respect to the logits. */
    public record Result(double loss, Tensor gradLogits) {}

    /** Hard labels: {@code labels[n]} in {@code [0, K)}. */
    public static Result hard(Tensor logits, int[] labels) {
        int batch = logits.shape().n();
        int k = classes(logits);
        if (labels == null || labels.length != batch) {
            throw new IllegalArgumentException("need " + batch + " labels, got " + (labels == null ? "none"
                    : labels.length));
        }
        float[] z = logits.data();
        float[] grad = new float[z.length];
        double[] p = new double[k];
        double loss = 0;
        for (int n = 0; n < batch; n++) {
            int label = labels[n];
            if (label < 0 || label >= k) {
                throw new IllegalArgumentException("label " + label + " of sample " + n + " is outside [0, " + k + ")");
            }
            double logSum = softmaxRow(z, n * k, k, 1.0, p, n);
            loss += logSum - z[n * k + label];
            for (int j = 0; j < k; j++) {
                grad[n * k + j] = (float) ((p[j] - (j == label ? 1 : 0)) / batch);
            }
        }
        return new Result(loss / batch, Tensor.wrap(logits.shape(), grad));
    }

    /** Soft targets: each row of {@code targets} is a probability vector over the K classes. */
    public static Result soft(Tensor logits, Tensor targets, double temperature) {
        checkTemperature(temperature);
        int batch = logits.shape().n();
        int k = classes(logits);
        if (targets.size() != logits.size() || targets.shape().n() != batch) {
            throw new IllegalArgumentException("targets " + targets.shape() + " do not match logits "
                    + logits.shape());
        }
        float[] z = logits.data();
        float[] q = targets.data();
        float[] grad = new float[z.length];
        double[] p = new double[k];
        double loss = 0;
        for (int n = 0; n < batch; n++) {
            checkProbabilities(q, n * k, k, n);
            double logSum = softmaxRow(z, n * k, k, temperature, p, n);
            for (int j = 0; j < k; j++) {
                double qj = q[n * k + j];
                if (qj > 0) {
                    loss -= qj * (z[n * k + j] / temperature - logSum);
                }
                grad[n * k + j] = (float) ((p[j] - qj) / (temperature * batch));
            }
        }
        return new Result(loss / batch, Tensor.wrap(logits.shape(), grad));
    }

    /** {@code softmax(z / T)} per sample, e.g. to turn teacher logits into soft targets. */
    public static Tensor softmax(Tensor logits, double temperature) {
        checkTemperature(temperature);
        int batch = logits.shape().n();
        int k = classes(logits);
        float[] z = logits.data();
        float[] out = new float[z.length];
        double[] p = new double[k];
        for (int n = 0; n < batch; n++) {
            softmaxRow(z, n * k, k, temperature, p, n);
            for (int j = 0; j < k; j++) {
                out[n * k + j] = (float) p[j];
            }
        }
        return Tensor.wrap(logits.shape(), out);
    }

    /** Fills {@code p} with softmax(z/T) of one row and returns log(sum(exp(z/T))). */
    private static double softmaxRow(float[] z, int off, int k, double t, double[] p, int sample) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            float v = z[off + j];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("logit " + j + " of sample " + sample + " is " + v);
            }
            max = Math.max(max, v / t);
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
            p[j] = Math.exp(z[off + j] / t - max);
            sum += p[j];
        }
        for (int j = 0; j < k; j++) {
            p[j] /= sum;
        }
        return max + Math.log(sum);
    }

    private static int classes(Tensor logits) {
        Shape s = logits.shape();
        if (s.rank() < 2) {
            throw new IllegalArgumentException("logits need shape (N, K), got " + s);
        }
        return s.perSample();
    }

    private static void checkTemperature(double t) {
        if (!(t > 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("temperature must be positive and finite, got " + t);
        }
    }

    private static void checkProbabilities(float[] q, int off, int k, int sample) {
        double sum = 0;
        for (int j = 0; j < k; j++) {
            float v = q[off + j];
            if (!(v >= 0) || Float.isInfinite(v)) {
                throw new IllegalArgumentException("target " + j + " of sample " + sample + " is " + v
                        + ", not a probability");
            }
            sum += v;
        }
        if (Math.abs(sum - 1) > 1e-3) {
            throw new IllegalArgumentException("targets of sample " + sample + " sum to " + sum + ", not 1");
        }
    }
}
