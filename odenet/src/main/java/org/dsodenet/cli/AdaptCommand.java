package org.dsodenet.cli;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dsodenet.data.Dataset;
import org.dsodenet.odenet.eval.Evaluator;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.odenet.training.DomainTrainer;
import org.dsodenet.odenet.training.Method;
import org.dsodenet.odenet.training.QatDaOptions;
import org.dsodenet.odenet.training.QuantizedAdaptation;
import org.dsodenet.odenet.training.TrainOptions;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.quant.LayerPrecisions;
import org.dsodenet.odenet.training.TargetObjectives;
import org.dsodenet.train.MetricsLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dsodenet adapt}: fine-tune a trained model to a target domain without target labels. */
@Command(name = "adapt", mixinStandardHelpOptions = true,
        description = "Adapt a trained model to an unlabeled target domain (labels of --target are used only to "
                + "report accuracy, except by --method target-oracle).")
final class AdaptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "trained model file")
    Path model;

    @Option(names = "--source", defaultValue = "mnist", description = "labeled source data (default ${DEFAULT-VALUE})")
    String source;

    @Option(names = "--target", defaultValue = "uci-digits", description = "target data (default ${DEFAULT-VALUE})")
    String target;

    @Option(names = "--method", defaultValue = "distill",
            description = "source-only, mmd, coral, distill, dann or target-oracle (default ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--teacher", description = "float teacher model file (for distill)")
    Path teacher;

    @Option(names = "--kd-weight", defaultValue = "1.0", description = "distillation loss weight (default ${DEFAULT-VALUE})")
    double kdWeight;

    @Option(names = "--temperature", defaultValue = "4.0", description = "distillation temperature (default ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--align-weight", defaultValue = "0.5", description = "MMD/CORAL/domain loss weight (default ${DEFAULT-VALUE})")
    double alignWeight;

    @Option(names = "--adabn", description = "after training, re-estimate every batch norm's statistics on the target "
            + "images with the deployment solver (inside ODE functions pooled over all Euler steps)")
    boolean adaBn;

    @Option(names = "--im-weight", defaultValue = "0", paramLabel = "W",
            description = "weight of information maximisation on target predictions (confident per image, diverse "
                    + "over the batch); 0 = off (default ${DEFAULT-VALUE})")
    double imWeight;

    @Option(names = "--pseudo-weight", defaultValue = "0", paramLabel = "W",
            description = "weight of self-training on target pseudo-labels, made every epoch by the teacher (or the "
                    + "student without one); 0 = off (default ${DEFAULT-VALUE})")
    double pseudoWeight;

    @Option(names = "--pseudo-threshold", defaultValue = "0.9", paramLabel = "P",
            description = "smallest top probability that makes a pseudo-label (default ${DEFAULT-VALUE})")
    double pseudoThreshold;

    @Option(names = "--out", required = true, description = "adapted model file to write")
    Path out;

    @Option(names = "--precision", paramLabel = "P",
            description = "after the float adaptation, quantize (fx16, fx8, mixed, or W,A,S[,ACC] as quantize takes "
                    + "it) and train the fixed-point network on the same adaptation objective (QAT-DA); the model "
                    + "file then holds the quantized network, ready for eval --fixed and export-hls")
    String precision;

    @Option(names = "--layer-precision", paramLabel = "PATTERN=PRECISION",
            description = "per-layer precision as quantize takes it; repeatable, the last match wins (needs --precision)")
    List<String> layerPrecision = new ArrayList<>();

    @Option(names = "--qat-epochs", defaultValue = "1", paramLabel = "N",
            description = "QAT-DA epochs after the float ones (with --precision; default ${DEFAULT-VALUE})")
    int qatEpochs;

    // 3e-4, not quantize's 1e-3: on MNIST -> UCI digits at fx8, 1e-3 lost 2.2 target points against the float
    // adapted student in one epoch, 3e-4 lost none (README, QAT-DA).
    @Option(names = "--qat-lr", defaultValue = "3e-4",
            description = "peak Adam learning rate of QAT-DA (with --precision; default ${DEFAULT-VALUE})")
    double qatLr;

    @Option(names = "--calib-images", defaultValue = "256", paramLabel = "N",
            description = "calibration images drawn from each domain's train split (with --precision; default "
                    + "${DEFAULT-VALUE})")
    int calibImages;

    @Mixin
    TrainFlags flags = new TrainFlags();

    @Override
    public Integer call() {
        flags.checkOutputs(spec, out, "adapt");
        PrintWriter log = spec.commandLine().getOut();
        Method m = Method.parse(method);
        QatDaOptions qatDa = qatDaOptions(m);
        TargetObjectives objectives = new TargetObjectives(adaBn, imWeight, pseudoWeight, pseudoThreshold);
        OdeNetModel student = ModelFile.load(model).model();
        OdeNetModel teach = teacher == null ? null : ModelFile.load(teacher).model();
        var cfg = student.config();
        Dataset src = DataOptions.limit(DataOptions.requireImages(DataOptions.load(source, cfg, DataOptions.Part.TRAIN),
                source, DataOptions.Part.TRAIN), flags.maxImages, flags.seed);
        Dataset tgtTrain = DataOptions.requireImages(DataOptions.load(target, cfg, DataOptions.Part.TRAIN), target,
                DataOptions.Part.TRAIN);
        Dataset tgtTest = DataOptions.requireImages(DataOptions.load(target, cfg, DataOptions.Part.TEST), target,
                DataOptions.Part.TEST);
        // Fewer classes than the model would pass the label check, but information maximisation would push the
        // predictions to spread over classes the target does not have, and the accuracies would compare nothing.
        if (tgtTrain.numClasses() != cfg.numClasses()) {
            throw new IllegalArgumentException("--target " + target + " has " + tgtTrain.numClasses()
                    + " classes, the model " + model + " has " + cfg.numClasses() + "; adapt needs the same classes");
        }
        Dataset srcTest = DataOptions.requireImages(DataOptions.load(source, cfg, DataOptions.Part.TEST), source,
                DataOptions.Part.TEST);
        log.printf("adapting %s: %s -> %s with %s%s%n", model, source, target, m.id(),
                objectives.id().isEmpty() ? "" : " + " + objectives.id());
        log.flush();
        MetricsLog metrics = flags.metricsLog("adapt");
        Dataset trainOn = m == Method.TARGET_ORACLE ? tgtTrain : src;
        Method run = m == Method.TARGET_ORACLE ? Method.SOURCE_ONLY : m;
        TrainOptions options = flags.options(run, kdWeight, temperature, alignWeight, true);
        DomainTrainer.EpochHook floatHook = e -> {
            Map<String, Double> r = new LinkedHashMap<>();
            r.put("source_test_acc", Evaluator.floatModel(student, srcTest).accuracy());
            r.put("target_test_acc", Evaluator.floatModel(student, tgtTest).accuracy());
            return r;
        };
        QNetwork quantized = null;
        if (qatDa == null) {
            new DomainTrainer(student, options, teach, objectives).fit(trainOn, tgtTrain, flags.checkpoint, flags.resume,
                    metrics, System.out, floatHook);
        } else {
            quantized = new QuantizedAdaptation(student, options, teach, objectives, qatDa).fit(trainOn, tgtTrain,
                    flags.checkpoint, flags.resume, metrics, System.out, floatHook, net -> {
                        Map<String, Double> r = new LinkedHashMap<>();
                        r.put("source_test_acc", Evaluator.fixed(net, srcTest).accuracy());
                        r.put("target_test_acc", Evaluator.fixed(net, tgtTest).accuracy());
                        return r;
                    });
        }
        double sAcc = Evaluator.floatModel(student, srcTest).accuracy();
        double tAcc = Evaluator.floatModel(student, tgtTest).accuracy();
        JsonObject meta = ModelFile.load(model).metadata().deepCopy();
        meta.addProperty("adaptedTo", target);
        meta.addProperty("method", m.id());
        meta.addProperty("targetObjectives", objectives.id());
        meta.addProperty("sourceTestAccuracy", sAcc);
        meta.addProperty("targetTestAccuracy", tAcc);
        if (quantized != null) {
            double fsAcc = Evaluator.fixed(quantized, srcTest).accuracy();
            double ftAcc = Evaluator.fixed(quantized, tgtTest).accuracy();
            meta.addProperty("precision", qatDa.precision().describe());
            meta.addProperty("calibration", source + " and " + target + " (" + calibImages + " images each at most)");
            meta.addProperty("qat", "qat-da: " + qatEpochs + " epochs of " + m.id()
                    + (objectives.id().isEmpty() ? "" : " + " + objectives.id()) + ", lr " + qatLr + ", seed "
                    + flags.seed);
            meta.addProperty("fixedSourceTestAccuracy", fsAcc);
            meta.addProperty("fixedTargetTestAccuracy", ftAcc);
            log.printf("float adapted: source test %.2f%%, target test %.2f%%%n", 100 * sAcc, 100 * tAcc);
            log.printf("fixed-point %s after QAT-DA: source test %.2f%%, target test %.2f%%%n",
                    qatDa.precision().describe(), 100 * fsAcc, 100 * ftAcc);
        }
        ModelFile.save(out, student, quantized, meta);
        log.printf("source test %.2f%%, target test %.2f%%%s; wrote %s%n", 100 * sAcc, 100 * tAcc,
                quantized == null ? "" : " (float)", out);
        return 0;
    }

    /** The quantized phase's settings, or null without --precision; checked before any data is loaded. */
    private QatDaOptions qatDaOptions(Method m) {
        var parsed = spec.commandLine().getParseResult();
        if (precision == null) {
            for (String o : List.of("--layer-precision", "--qat-epochs", "--qat-lr", "--calib-images")) {
                if (parsed.hasMatchedOption(o)) {
                    throw new IllegalArgumentException(o + " needs --precision");
                }
            }
            return null;
        }
        QatDaOptions.requireSupported(m);
        return new QatDaOptions(LayerPrecisions.parse(precision, layerPrecision), qatEpochs, qatLr, calibImages);
    }
}
