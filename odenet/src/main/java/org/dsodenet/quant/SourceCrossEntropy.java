package org.dsodenet.quant;

import org.dsodenet.ops.loss.SoftmaxCrossEntropy;
import org.dsodenet.ops.tensor.Tensor;

/** The objective of plain QAT: softmax cross-entropy of the logits against the labels of every image. */
public record SourceCrossEntropy(int[] labels) implements QatObjective {
    public SourceCrossEntropy {
        labels = labels.clone();
    }

    @Override
    public Loss compute(Tensor logits, Tensor features) {
        SoftmaxCrossEntropy.Result ce = SoftmaxCrossEntropy.hard(logits, labels);
        return new Loss(ce.loss(), ce.gradLogits(), null, correct(logits, labels));
    }

    /** Rows of {@code logits} whose largest value (the first of equal ones) is at their label. */
    public static int correct(Tensor logits, int[] labels) {
        int k = logits.shape().dim(1);
        float[] z = logits.data();
        int ok = 0;
        for (int n = 0; n < labels.length; n++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (z[n * k + j] > z[n * k + best]) {
                    best = j;
                }
            }
            ok += best == labels[n] ? 1 : 0;
        }
        return ok;
    }
}
