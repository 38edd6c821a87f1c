package org.dsodenet.quant;

import org.dsodenet.ops.tensor.Tensor;

/**
 * The loss a {@link Qat} step minimises, computed on the fixed-point forward's outputs: the logits and, for
 * objectives that align representations, the features (the input of the network's last layer). Its gradients are
 * sent back straight-through by {@link Qat}.
 */
public interface QatObjective {
    /**
     * The loss of one batch and its gradients.
     *
     * @param loss          the value minimised
     * @param gradLogits    d loss / d logits, (N, K)
     * @param gradFeatures  d loss / d features, (N, F), or null when the loss does not read the features
     * @param correct       images the objective counts as classified correctly (labeled ones only)
     */
    record Loss(double loss, Tensor gradLogits, Tensor gradFeatures, int correct) {}

    /** Whether {@link #compute} reads the features; without, they are not built. */
    default boolean usesFeatures() {
        return false;
    }

    /**
     * @param logits   the dequantized fixed-point logits, (N, K)
     * @param features the dequantized fixed-point features, (N, F), or null unless {@link #usesFeatures()}
     */
    Loss compute(Tensor logits, Tensor features);
}
