package org.dsodenet.odenet.quant;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.dsodenet.data.Dataset;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.quant.Folding;
import org.dsodenet.quant.LayerPrecisions;
import org.dsodenet.quant.NetworkQuantizer;
import org.dsodenet.quant.Precision;
import org.dsodenet.quant.Qat;
import org.dsodenet.quant.QatOptions;
import org.dsodenet.quant.QatResult;
import org.dsodenet.quant.Quantizer;

/**
 * The dsODENet adapter of the model-independent {@link NetworkQuantizer}: a model is its body followed by its head,
 * its quantized network is named after its architecture and precision, its input size comes from its config.
 */
public final class ModelQuantizer {
    private ModelQuantizer() {}

    public static QNetwork quantize(OdeNetModel model, Precision p, Dataset calibration) {
        return quantize(model, LayerPrecisions.uniform(p), calibration);
    }

    /** Post-training quantization with a precision per layer. */
    public static QNetwork quantize(OdeNetModel model, LayerPrecisions p, Dataset calibration) {
        return NetworkQuantizer.quantize(name(model, p), network(model), input(model), p, calibration);
    }

    /**
     * Post-training quantization followed by quantization-aware training on {@code train} for {@code epochs} epochs
     * with the default {@link QatOptions}: the types come from {@code calibration} and stay frozen, the raws are
     * fine-tuned.
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
        return NetworkQuantizer.quantizeWithQat(name(model, p), network(model), input(model), p, calibration, train,
                o, progress);
    }

    /**
     * Quantization-aware training of {@code model} prepared but not run: folded, calibrated on {@code calibration},
     * quantized with {@code p} (the types that stay frozen); the caller drives the steps. The model is not modified.
     */
    public static Qat prepareQat(OdeNetModel model, LayerPrecisions p, Dataset calibration, QatOptions o) {
        Sequential folded = fold(model);
        QNetwork frozen = Quantizer.quantize(name(model, p), folded, input(model),
                NetworkQuantizer.calibrate(folded, calibration), p);
        return new Qat(folded, frozen, o);
    }

    /** The inference form of {@code model} (see {@link Folding}); the model is not modified. */
    public static Sequential fold(OdeNetModel model) {
        return Folding.fold(network(model));
    }

    /** The model as one network of ops layers: the body's layers, then the head. */
    static Sequential network(OdeNetModel model) {
        List<Layer> all = new ArrayList<>(model.body().layers());
        all.add(model.head());
        return new Sequential(all);
    }

    private static String name(OdeNetModel model, LayerPrecisions p) {
        return model.config().arch().id() + "_" + p.name();
    }

    private static Dims input(OdeNetModel model) {
        ModelConfig c = model.config();
        return new Dims(c.inChannels(), c.inputSize(), c.inputSize());
    }
}
