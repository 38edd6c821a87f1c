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
 * The adaptation objective of one batch whose first {@code labels.length} rows are labeled source images and whose
 * remaining rows are unlabeled target images: source cross-entropy, the method's term (distillation towards the
 * teacher's logits plus MMD, MMD, CORAL, or DANN's domain loss), then the label-free target objectives. One place
 * for both the float training of {@link DomainTrainer} and the fixed-point logits and features of QAT-DA
 * ({@link QuantizedAdaptationLoss}), so that QAT-DA minimises exactly what the float adaptation did.
 */
final class AdaptationObjective {
    /**
     * DANN's domain loss on features whose first {@code ns} rows are source rows: returns its value and adds the
     * gradient it sends back into the features to {@code gFeats}.
     */
    interface DomainTerm {
        double add(Tensor features, int ns, Tensor gFeats);
    }

    private AdaptationObjective() {}

    /**
     * @param logits        (ns + nt, K)
     * @param features      (ns + nt, F), or null when the method aligns no features; then the result has no
     *                      feature gradient
     * @param teacherLogits the teacher's logits of the target rows, for distillation; else null
     * @param pseudo        pseudo-labels of the target rows ({@link PseudoLabels#NONE} where none), or null
     * @param domain        DANN's domain loss, or null for the other methods
     */
    static QatObjective.Loss compute(TrainOptions o, TargetObjectives objectives, Tensor logits, Tensor features,
                                     int[] labels, Tensor teacherLogits, int[] pseudo, DomainTerm domain) {
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
                    loss += align(o, m.loss(), m.gradSource(), m.gradTarget(), gFeats, ns);
                }
                case MMD -> {
                    Mmd.Result m = Mmd.standard().compute(fs, ft);
                    loss += align(o, m.loss(), m.gradSource(), m.gradTarget(), gFeats, ns);
                }
                case CORAL -> {
                    Coral.Result c = Coral.compute(fs, ft);
                    loss += align(o, c.loss(), c.gradSource(), c.gradTarget(), gFeats, ns);
                }
                case DANN -> {
                    if (domain == null) {
                        throw new IllegalStateException("dann needs its domain classifier");
                    }
                    loss += domain.add(features, ns, gFeats);
                }
                default -> throw new IllegalStateException(o.method().id() + " does not use target batches");
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
        return new QatObjective.Loss(loss, gLogits, gFeats, SourceCrossEntropy.correct(ls, labels));
    }

    private static double align(TrainOptions o, double value, Tensor gSource, Tensor gTarget, Tensor gFeats, int ns) {
        put(gFeats, 0, gSource, o.alignWeight());
        put(gFeats, ns, gTarget, o.alignWeight());
        return o.alignWeight() * value;
    }

    /** Adds {@code a * g} into rows starting at {@code from} of {@code acc}. */
    static void put(Tensor acc, int from, Tensor g, double a) {
        float[] ad = acc.data();
        float[] gd = g.data();
        int off = from * acc.shape().perSample();
        for (int i = 0; i < gd.length; i++) {
            ad[off + i] += (float) (a * gd[i]);
        }
    }
}
