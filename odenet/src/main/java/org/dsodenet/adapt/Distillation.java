package org.dsodenet.adapt;

import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/**
 * Knowledge-distillation loss (Hinton et al.): {@code T^2 * KL(p || q)} averaged over the batch, where
 * {@code p = softmax(teacher / T)} and {@code q = softmax(student / T)}; its gradient with respect to the student
 * logits is {@code T * (q - p) / N}. The {@code T^2} factor keeps gradient magnitudes comparable across
 * temperatures, so the term can be mixed with a hard-label loss as {@code alpha * KD + (1 - alpha) * CE}.
 *
 * <p>This is {@code T^2} times {@link org.dsodenet.ops.loss.SoftmaxCrossEntropy#soft} with soft targets {@code p}
 * minus the teacher entropy (a constant for the student), so the gradients agree; it is computed here directly in
 * double from both logit tensors, with log-softmax, so the loss is exact even when some {@code p_j} underflow and
 * KL is exactly 0 for identical logits.
 */
public final class Distillation {
    /**
     * @param loss         batch mean of {@code T^2 KL(p || q)}
     * @param gradStudent  d loss / d student logits
     */
    public record Result(double loss, Tensor gradStudent) {}

    private Distillation() {}

    /** The distillation loss of {@code student} logits against {@code teacher} logits, both (N, K). */
    public static Result compute(Tensor student, Tensor teacher, double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive and finite, got " + temperature);
        }
        if (student == null || teacher == null) {
            throw new IllegalArgumentException("distillation needs student and teacher logits");
        }
        Shape s = student.shape();
        if (s.rank() < 2) {
            throw new IllegalArgumentException("logits need shape (N, K), got " + s);
        }
        if (!teacher.shape().equals(s)) {
            throw new IllegalArgumentException("teacher logits " + teacher.shape() + " do not match student logits "
                    + s);
        }
        int n = s.n();
        int k = s.perSample();
        float[] zs = student.data();
        float[] zt = teacher.data();
        double[] logP = new double[k];
        double[] logQ = new double[k];
        float[] grad = new float[zs.length];
        double loss = 0;
        for (int r = 0; r < n; r++) {
            Softmax.log(zt, r * k, k, temperature, logP, "teacher", r);
            Softmax.log(zs, r * k, k, temperature, logQ, "student", r);
            double kl = 0;
            for (int j = 0; j < k; j++) {
                double p = Math.exp(logP[j]);
                if (p > 0) {
                    kl += p * (logP[j] - logQ[j]);
                }
                grad[r * k + j] = (float) (temperature * (Math.exp(logQ[j]) - p) / n);
            }
            loss += kl;
        }
        return new Result(temperature * temperature * loss / n, Tensor.wrap(s, grad));
    }
}
