package org.dsodenet.odenet.quant;

import java.io.PrintStream;
import org.dsodenet.data.Dataset;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.types.Calibration;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/** Quantization of a model: fold, calibrate on a dataset, quantize; optionally fine-tune with QAT ({@link Qat}). */
public final class ModelQuantizer {
    private static final int BATCH = 64;

    private ModelQuantizer() {}

    public static QNetwork quantize(OdeNetModel model, Precision p, Dataset calibration) {
        return quantize(model, LayerPrecisions.uniform(p), calibration);
    }

    /** Post-training quantization with a precision per layer. */
    public static QNetwork quantize(OdeNetModel model, LayerPrecisions p, Dataset calibration) {
        Sequential folded = Folding.fold(model);
        Calibration cal = calibrate(folded, calibration);
        ModelConfig c = model.config();
        return Quantizer.quantize(c.arch().id() + "_" + p.name(), folded, new Dims(c.inChannels(), c.inputSize(), c.inputSize()), cal, p);
    }

    /**
     * Post-training quantization followed by quantization-aware training ({@link Qat}) on {@code train} for
     * {@code epochs} epochs with the default {@link QatOptions}: the types come from {@code calibration} and stay
     * frozen, the raws are fine-tuned.
     */
    public static QatResult quantizeWithQat(OdeNetModel model, Precision p, Dataset calibration, Dataset train,
                                            int epochs, long seed) {
        return quantizeWithQat(model, LayerPrecisions.uniform(p), calibration, train, QatOptions.defaults(epochs, seed), null);
    }

    /**
     * {@link #quantizeWithQat(OdeNetModel, Precision, Dataset, Dataset, int, long)} with a precision per layer and
     * explicit options.
     */
    public static QatResult quantizeWithQat(OdeNetModel model, LayerPrecisions p, Dataset calibration, Dataset train,
                                            QatOptions o, PrintStream progress) {
        Sequential folded = Folding.fold(model);
        Calibration cal = calibrate(folded, calibration);
        ModelConfig c = model.config();
        return Qat.fineTune(c.arch().id() + "_" + p.name(), folded, cal, p,
                new Dims(c.inChannels(), c.inputSize(), c.inputSize()), train, o, progress);
    }

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
