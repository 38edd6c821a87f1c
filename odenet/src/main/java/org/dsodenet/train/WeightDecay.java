package org.dsodenet.train;

import java.util.function.Predicate;
import org.dsodenet.ops.layer.Param;

/**
 * Weight decay of an optimizer: a rate, how it is applied, and which parameters it applies to.
 *
 * <ul>
 *   <li>{@link Mode#L2}: classic L2 regularisation, {@code g += rate * w} before the optimizer's own update. With
 *       Adam the decay is then rescaled by the adaptive denominator, which is why AdamW exists.</li>
 *   <li>{@link Mode#DECOUPLED}: {@code w -= lr * rate * w} applied directly to the weights before the update
 *       (Loshchilov and Hutter's AdamW / SGDW, the same convention as PyTorch's {@code AdamW}). It follows the
 *       learning-rate schedule but never enters momentum or moment estimates.</li>
 * </ul>
 *
 * <p>Batch-norm scales/shifts and biases are often excluded: {@code WeightDecay.l2(5e-4).only(p ->
 * p.name().endsWith(".weight"))}.
 *
 * @param rate    decay coefficient, finite and {@code >= 0}
 * @param mode    how the decay is applied
 * @param applies which parameters are decayed
 */
public record WeightDecay(double rate, Mode mode, Predicate<Param> applies) {
    /** How the decay enters the update. */
    public enum Mode { L2, DECOUPLED }

    public WeightDecay {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("weight decay must be finite and non-negative, got " + rate);
        }
        if (mode == null || applies == null) {
            throw new IllegalArgumentException("weight decay needs a mode and a parameter filter");
        }
    }

    /** No decay. */
    public static WeightDecay none() {
        return new WeightDecay(0, Mode.L2, p -> false);
    }

    /** L2 regularisation added to the gradient, on every parameter. */
    public static WeightDecay l2(double rate) {
        return new WeightDecay(rate, Mode.L2, p -> true);
    }

    /** Decoupled decay applied to the weights, on every parameter. */
    public static WeightDecay decoupled(double rate) {
        return new WeightDecay(rate, Mode.DECOUPLED, p -> true);
    }

    /** The same decay restricted to the parameters accepted by {@code filter}. */
    public WeightDecay only(Predicate<Param> filter) {
        return new WeightDecay(rate, mode, filter);
    }

    /** The coefficient for {@code p}: {@code rate} when the filter accepts it, else 0. */
    double rateFor(Param p) {
        return rate > 0 && applies.test(p) ? rate : 0;
    }
}
