package org.dsodenet.quant;

import java.util.List;
import org.dsodenet.ops.fixed.model.QNetwork;

/**
 * The outcome of quantization-aware training.
 *
 * @param net          the fine-tuned network: the frozen types, raws from the final master weights
 * @param losses       the fixed-point cross-entropy of every step's batch, in order
 * @param guardedRows  output rows whose update was undone because it would have overflowed a frozen accumulator
 */
public record QatResult(QNetwork net, List<Double> losses, int guardedRows) {
    public QatResult {
        losses = List.copyOf(losses);
    }
}
