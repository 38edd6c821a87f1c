package org.dsodenet.odenet.training;

import org.dsodenet.adapt.PseudoLabels;
import org.dsodenet.ops.tensor.Tensor;
import org.dsodenet.quant.QatObjective;

/**
 * The adaptation objective of one QAT-DA step on the fixed-point logits and features: {@link AdaptationObjective},
 * the terms {@link DomainTrainer} minimises in float, with the same order and weights.
 *
 * @param labels          labels of the source rows (the first rows of the batch; the rest are target rows)
 * @param o               method and weights
 * @param objectives      the label-free target terms
 * @param teacherLogits   the float teacher's logits of the target rows, (nt, K), for distillation; else null
 * @param pseudo          pseudo-labels of the target rows ({@link PseudoLabels#NONE} where none), or null
 */
record QuantizedAdaptationLoss(int[] labels, TrainOptions o, TargetObjectives objectives, Tensor teacherLogits,
                               int[] pseudo) implements QatObjective {
    @Override
    public boolean usesFeatures() {
        return aligns(o.method());
    }

    /** Whether a method aligns features (and so needs the fixed-point features). */
    static boolean aligns(Method m) {
        return m == Method.DISTILL || m == Method.MMD || m == Method.CORAL;
    }

    @Override
    public Loss compute(Tensor logits, Tensor features) {
        if (o.method() == Method.DANN) {
            throw new IllegalStateException(o.method().id() + " cannot train a quantized network");
        }
        return AdaptationObjective.compute(o, objectives, logits, features, labels, teacherLogits, pseudo, null);
    }
}
