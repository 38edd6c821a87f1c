package org.dsodenet.odenet.training;

import org.dsodenet.adapt.Coral;
import org.dsodenet.adapt.Distillation;
import org.dsodenet.adapt.InfoMax;
import org.dsodenet.adapt.Mmd;
import org.dsodenet.adapt.PseudoLabels;
import org.dsodenet.ops.loss.SoftmaxCrossEntropy;
import org.dsodenet.ops.tensor.Tensor;
import org.dsodenet.quant.QatObjective;
import org.dsodenet.quant.SourceCrossEntropy;

/**
 * The adaptation objective of one QAT-DA step, on the fixed-point logits and features of a batch whose first
 * {@code labels.length} rows are labeled source images and whose remaining rows are unlabeled target images: the
 * terms {@link DomainTrainer} minimises in float, in the same order and with the same weights (source
 * cross-entropy, distillation towards the float teacher's logits, MMD or CORAL alignment of the features, and the
 * label-free target objectives).
 *
 * @param labels          labels of the source rows
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
        int ns = labels.length;
        int nt = logits.shape().dim(0) - ns;
        Tensor ls = DomainTrainer.rows(logits, 0, ns);
        SoftmaxCrossEntropy.Result ce = SoftmaxCrossEntropy.hard(ls, labels);
        double loss = ce.loss();
        Tensor gLogits = Tensor.zeros(logits.shape());
        put(gLogits, 0, ce.gradLogits(), 1.0);
        Tensor gFeats = features == null ? null : Tensor.zeros(features.shape());
        if (nt > 0 && o.method().usesTarget()) {
            Tensor fs = DomainTrainer.rows(features, 0, ns);
            Tensor ft = DomainTrainer.rows(features, ns, nt);
            switch (o.method()) {
                case DISTILL -> {
                    Distillation.Result kd = Distillation.compute(DomainTrainer.rows(logits, ns, nt), teacherLogits,
                            o.temperature());
                    loss += o.kdWeight() * kd.loss();
                    put(gLogits, ns, kd.gradStudent(), o.kdWeight());
                    Mmd.Result m = Mmd.standard().compute(fs, ft);
                    loss += align(m.loss(), m.gradSource(), m.gradTarget(), gFeats, ns);
                }
                case MMD -> {
                    Mmd.Result m = Mmd.standard().compute(fs, ft);
                    loss += align(m.loss(), m.gradSource(), m.gradTarget(), gFeats, ns);
                }
                case CORAL -> {
                    Coral.Result c = Coral.compute(fs, ft);
                    loss += align(c.loss(), c.gradSource(), c.gradTarget(), gFeats, ns);
                }
                default -> throw new IllegalStateException(o.method().id() + " cannot train a quantized network");
            }
        }
        if (nt > 0) {
            Tensor lt = DomainTrainer.rows(logits, ns, nt);
            if (objectives.imWeight() > 0) {
                InfoMax.Result im = InfoMax.compute(lt);
                loss += objectives.imWeight() * im.loss();
                put(gLogits, ns, im.grad(), objectives.imWeight());
            }
            if (objectives.pseudoWeight() > 0) {
                PseudoLabels.Result pl = PseudoLabels.loss(lt, pseudo);
                loss += objectives.pseudoWeight() * pl.loss();
                put(gLogits, ns, pl.grad(), objectives.pseudoWeight());
            }
        }
        return new Loss(loss, gLogits, gFeats, SourceCrossEntropy.correct(ls, labels));
    }

    private double align(double value, Tensor gSource, Tensor gTarget, Tensor gFeats, int ns) {
        put(gFeats, 0, gSource, o.alignWeight());
        put(gFeats, ns, gTarget, o.alignWeight());
        return o.alignWeight() * value;
    }

    /** Adds {@code a * g} into rows starting at {@code from} of {@code acc}. */
    private static void put(Tensor acc, int from, Tensor g, double a) {
        float[] ad = acc.data();
        float[] gd = g.data();
        int off = from * acc.shape().perSample();
        for (int i = 0; i < gd.length; i++) {
            ad[off + i] += (float) (a * gd[i]);
        }
    }
}
