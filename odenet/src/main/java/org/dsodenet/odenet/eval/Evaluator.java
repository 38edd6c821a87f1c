package org.dsodenet.odenet.eval;

import java.util.ArrayList;
import java.util.List;
import org.dsodenet.data.Batch;
import org.dsodenet.data.Dataset;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.ops.fixed.FixedForward;
import org.dsodenet.ops.fixed.Trace;
import org.dsodenet.ops.fixed.kernel.LongValues;
import org.dsodenet.ops.fixed.kernel.Values;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.dsodenet.quant.Quantizer;

/** Accuracy of a float model, and of a quantized network run through the bit-exact Java fixed-point forward. */
public final class Evaluator {
    private static final int BATCH = 64;
    /** Images per bit-exact batch: enough to keep both cores busy, few enough to bound the traces kept. */
    private static final int CHUNK = 256;

    private Evaluator() {}

    public static Evaluation floatModel(OdeNetModel model, Dataset data) {
        int[] pred = new int[data.size()];
        int i = 0;
        for (Batch b : data.batches(BATCH)) {
            final int from = i;
            // the logits are read before the scope closes, so the next batch reuses this one's arrays
            Outputs.scoped(() -> {
                Tensor logits = model.logits(Tensor.wrap(Shape.nchw(b.size(), b.channels(), b.height(), b.width()),
                        b.images()));
                int k = logits.shape().perSample();
                float[] d = logits.data();
                for (int n = 0; n < b.size(); n++) {
                    int best = 0;
                    for (int c = 1; c < k; c++) {
                        if (d[n * k + c] > d[n * k + best]) {
                            best = c;
                        }
                    }
                    pred[from + n] = best;
                }
            });
            i += b.size();
        }
        Outputs.release();
        return Evaluation.of(data.labels(), pred, model.config().numClasses());
    }

    /** Bit-exact accuracy: the count-free forward on every core, since accuracy needs only the logits. */
    public static Evaluation fixed(QNetwork net, Dataset data) {
        FixedForward fwd = new FixedForward(net);
        int[] pred = new int[data.size()];
        for (int start = 0; start < data.size(); start += CHUNK) {
            List<Values> outputs = fwd.outputsBatch(inputs(net, data, start));
            for (int j = 0; j < outputs.size(); j++) {
                pred[start + j] = argmax(outputs.get(j));
            }
        }
        return Evaluation.of(data.labels(), pred, net.outputDims().size());
    }

    /**
     * As {@link #fixed(QNetwork, Dataset)}, adding every conversion of every image's forward to {@code stats}: the
     * counted forward, slower, for callers that report the counts.
     */
    public static Evaluation fixed(QNetwork net, Dataset data, FixedStats stats) {
        FixedForward fwd = new FixedForward(net);
        int[] pred = new int[data.size()];
        for (int start = 0; start < data.size(); start += CHUNK) {
            List<Trace> traces = fwd.runBatch(inputs(net, data, start));
            for (int j = 0; j < traces.size(); j++) {
                pred[start + j] = argmax(traces.get(j).output().raws());
                stats.add(traces.get(j).stats());
            }
        }
        return Evaluation.of(data.labels(), pred, net.outputDims().size());
    }

    private static List<long[]> inputs(QNetwork net, Dataset data, int start) {
        int n = Math.min(CHUNK, data.size() - start);
        List<long[]> inputs = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            inputs.add(Quantizer.quantizeInput(net, data.image(start + j)));
        }
        return inputs;
    }

    /** Index of the largest output; ties go to the lower index, as in the float path. */
    static int argmax(Values out) {
        int best = 0;
        if (out instanceof LongValues v) {
            long[] r = v.raws();
            for (int c = 1; c < r.length; c++) {
                if (r[c] > r[best]) {
                    best = c;
                }
            }
            return best;
        }
        for (int c = 1; c < out.size(); c++) {
            if (out.big(c).compareTo(out.big(best)) > 0) {
                best = c;
            }
        }
        return best;
    }
}
