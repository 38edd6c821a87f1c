package org.dsodenet.cli;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.dsodenet.data.Dataset;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.odenet.quant.ModelQuantizer;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.quant.AccumulatorCap;
import org.dsodenet.quant.LayerPrecisions;
import org.dsodenet.quant.QatOptions;
import org.dsodenet.quant.QatResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dsodenet quantize}: fold batch norms, calibrate, and store the quantized network in the model file. */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = "Fold batch norms, calibrate activation ranges on --calib images and quantize to fixed point, "
                + "optionally followed by quantization-aware training (--qat-epochs); "
                + "writes a model file that also holds the quantized network (types and raw weights).")
final class QuantizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "trained model file")
    Path model;

    @Option(names = "--precision", defaultValue = "fx16",
            description = "fx16, fx8, mixed, or W,A,S[,ACC] bits for weights, activations, ODE state, accumulator cap (default ${DEFAULT-VALUE})")
    String precision;

    @Option(names = "--layer-precision", paramLabel = "PATTERN=PRECISION",
            description = "precision of the layers whose names match PATTERN ('*' any characters, '?' one), e.g. "
                    + "'pre.*=16,16,16' or 'fc=fx16'; repeatable, the last match wins; 'input' is the network input, "
                    + "an ODE block's name sets its state bits; `dsodenet params` and this command print the names")
    List<String> layerPrecision = new java.util.ArrayList<>();

    @Option(names = "--calib", defaultValue = "mnist", description = "calibration data (train split; default ${DEFAULT-VALUE})")
    String calib;

    @Option(names = "--calib-images", defaultValue = "256", description = "calibration images (default ${DEFAULT-VALUE})")
    int calibImages;

    @Option(names = "--out", required = true, description = "model file to write")
    Path out;

    @Option(names = "--qat-epochs", defaultValue = "0",
            description = "epochs of quantization-aware training after quantizing (types stay frozen, raw weights "
                    + "are fine-tuned on the cross-entropy of labeled --calib images: source-only; to train the "
                    + "quantized network on an adaptation objective use adapt --precision); 0 = post-training "
                    + "quantization only (default ${DEFAULT-VALUE})")
    int qatEpochs;

    @Option(names = "--qat-images", defaultValue = "2048",
            description = "training images for QAT, drawn from the train split of --calib (default ${DEFAULT-VALUE})")
    int qatImages;

    @Option(names = "--qat-lr", defaultValue = "1e-3", description = "peak Adam learning rate of QAT (default ${DEFAULT-VALUE})")
    double qatLr;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the QAT batch order (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        OutputPaths.requireFileNames(spec, "--out");
        OutputPaths.requireWritableFile(out, "--out");
        PrintWriter log = spec.commandLine().getOut();
        LayerPrecisions p = LayerPrecisions.parse(precision, layerPrecision);
        if (qatEpochs < 0 || qatImages < 1) {
            throw new IllegalArgumentException("--qat-epochs must be >= 0 and --qat-images >= 1");
        }
        if (calibImages < 1) {
            throw new IllegalArgumentException("--calib-images must be at least 1, got " + calibImages);
        }
        ModelFile.Loaded m = ModelFile.load(model);
        Dataset trainSplit = DataOptions.load(calib, m.model().config(), DataOptions.Part.TRAIN);
        Dataset cal = DataOptions.limit(trainSplit, calibImages, 7);
        QNetwork q;
        JsonObject meta = m.metadata().deepCopy();
        if (qatEpochs == 0) {
            q = ModelQuantizer.quantize(m.model(), p, cal);
        } else {
            Dataset train = DataOptions.limit(trainSplit, qatImages, seed);
            QatResult r = ModelQuantizer.quantizeWithQat(m.model(), p, cal, train,
                    new QatOptions(qatEpochs, 32, qatLr, seed, true), System.out);
            q = r.net();
            List<Double> l = r.losses();
            log.printf("QAT: %d steps on %d images, fixed-point batch loss %.4f -> %.4f (mean of first/last 10 steps)%n",
                    l.size(), train.size(), mean(l.subList(0, Math.min(10, l.size()))),
                    mean(l.subList(Math.max(0, l.size() - 10), l.size())));
            meta.addProperty("qat", qatEpochs + " epochs on " + train.size() + " images of " + calib + ", lr " + qatLr
                    + ", seed " + seed);
        }
        meta.addProperty("precision", p.describe());
        meta.addProperty("calibration", calib + " (" + cal.size() + " images)");
        ModelFile.save(out, m.model(), q, meta);
        log.printf("input: %s%n", q.inputType());
        for (QLayer l : QNetwork.flatten(q.layers())) {
            AccTypes t = AccTypes.of(l);
            log.printf("%-22s %s%s%n", l.name(), l.outputType(),
                    t == null ? "" : "  weights " + t.weight() + "  acc " + t.acc());
        }
        log.printf("quantized to %s; wrote %s%n", p.describe(), out);
        List<AccumulatorCap.Narrow> narrow = AccumulatorCap.narrowerThanOutputs(q);
        if (!narrow.isEmpty()) {
            spec.commandLine().getErr().println("dsodenet: warning: the accumulator cap drops bits the outputs keep in "
                    + narrow.stream().map(Object::toString).collect(Collectors.joining(", "))
                    + "; give ACC at least that many bits, or 0 for exact accumulators");
        }
        return 0;
    }

    private static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
