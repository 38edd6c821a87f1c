package org.dsodenet.odenet.eval;

import java.util.ArrayList;
import java.util.List;
import org.dsodenet.data.Dataset;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.ops.fixed.FixedForward;
import org.dsodenet.ops.fixed.LayerTrace;
import org.dsodenet.ops.fixed.Trace;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.dsodenet.quant.Quantizer;

/**
 * Per-layer error of the bit-exact fixed-point forward against the folded float network it was quantized from,
 * with the conversion counts (how many values were rounded, saturated or wrapped) of each layer.
 */
public final class QuantError {
    /** One top-level layer: its type, error against float over all values, and conversion counts. */
    public record Row(String layer, String type, double maxAbs, double meanAbs, FixedStats stats) {}

    private QuantError() {}

    public static List<Row> rows(Sequential folded, QNetwork q, Dataset images) {
        if (folded.layers().size() != q.layers().size()) {
            throw new IllegalArgumentException("float and quantized networks differ in depth");
        }
        FixedForward fwd = new FixedForward(q);
        List<long[]> in = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            in.add(Quantizer.quantizeInput(q, images.image(i)));
        }
        List<Trace> traces = fwd.runBatch(in);
        Tensor x = Tensor.wrap(Shape.nchw(images.size(), images.channels(), images.height(), images.width()),
                images.images().clone());
        List<Row> rows = new ArrayList<>();
        for (int l = 0; l < q.layers().size(); l++) {
            Layer layer = folded.layers().get(l);
            x = layer.forward(x, false);
            float[] fd = x.data();
            int per = fd.length / images.size();
            double max = 0;
            double sum = 0;
            FixedStats stats = new FixedStats();
            for (int n = 0; n < images.size(); n++) {
                LayerTrace t = traces.get(n).layers().get(l);
                double[] v = t.values();
                for (int i = 0; i < per; i++) {
                    double e = Math.abs(v[i] - fd[n * per + i]);
                    max = Math.max(max, e);
                    sum += e;
                }
                stats.add(t.stats());
            }
            rows.add(new Row(q.layers().get(l).name(), q.layers().get(l).outputType().toString(), max,
                    sum / ((double) per * images.size()), stats));
        }
        return rows;
    }
}
