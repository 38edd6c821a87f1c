package org.dsodenet.quant;

import java.io.PrintStream;
import org.dsodenet.data.Dataset;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.types.Calibration;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/**
 * Quantization of any network of {@code ops} layers: fold its batch norms, calibrate on a dataset, quantize with a
 * precision per layer; optionally fine-tune with QAT ({@link Qat}). It knows no particular model: a model supplies
 * its layers as one {@link Sequential}, a name, and its input size.
 */
public final class NetworkQuantizer {
    private static final int BATCH = 64;

    private NetworkQuantizer() {}

    /** Post-training quantization of {@code network}, which is not modified. */
    public static QNetwork quantize(String name, Sequential network, Dims input, LayerPrecisions p, Dataset calibration) {
        Sequential folded = Folding.fold(network);
        return Quantizer.quantize(name, folded, input, calibrate(folded, calibration), p);
    }

    /**
     * Post-training quantization followed by quantization-aware training on {@code train}: the types come from
     * {@code calibration} and stay frozen, the raws are fine-tuned. {@code network} is not modified.
     */
    public static QatResult quantizeWithQat(String name, Sequential network, Dims input, LayerPrecisions p,
                                            Dataset calibration, Dataset train, QatOptions o, PrintStream progress) {
        Sequential folded = Folding.fold(network);
        return Qat.fineTune(name, folded, calibrate(folded, calibration), p, input, train, o, progress);
    }

    /** The value ranges of every layer output of {@code folded} over all images of {@code data}. */
    public static Calibration calibrate(Sequential folded, Dataset data) {
        Calibration cal = new Calibration();
        int per = data.imageSize();
        for (int start = 0; start < data.size(); start += BATCH) {
            int n = Math.min(BATCH, data.size() - start);
            float[] x = new float[n * per];
            for (int i = 0; i < n; i++) {
                data.copyImage(start + i, x, i * per);
            }
            FloatObserver.run(folded, Tensor.wrap(Shape.nchw(n, data.channels(), data.height(), data.width()), x), cal);
        }
        return cal;
    }
}
