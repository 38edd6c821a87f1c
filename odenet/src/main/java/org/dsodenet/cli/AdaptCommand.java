package org.dsodenet.cli;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dsodenet.data.Dataset;
import org.dsodenet.odenet.eval.Evaluator;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.odenet.training.DomainTrainer;
import org.dsodenet.odenet.training.Method;
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

    @Mixin
    TrainFlags flags = new TrainFlags();

    @Override
    public Integer call() {
        flags.checkOutputs(spec, out, "adapt");
        PrintWriter log = spec.commandLine().getOut();
        Method m = Method.parse(method);
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
        new DomainTrainer(student, flags.options(run, kdWeight, temperature, alignWeight, true), teach, objectives).fit(trainOn, tgtTrain,
                flags.checkpoint, flags.resume, metrics, System.out, e -> {
                    Map<String, Double> r = new LinkedHashMap<>();
                    r.put("source_test_acc", Evaluator.floatModel(student, srcTest).accuracy());
                    r.put("target_test_acc", Evaluator.floatModel(student, tgtTest).accuracy());
                    return r;
                });
        double sAcc = Evaluator.floatModel(student, srcTest).accuracy();
        double tAcc = Evaluator.floatModel(student, tgtTest).accuracy();
        JsonObject meta = ModelFile.load(model).metadata().deepCopy();
        meta.addProperty("adaptedTo", target);
        meta.addProperty("method", m.id());
        meta.addProperty("targetObjectives", objectives.id());
        meta.addProperty("sourceTestAccuracy", sAcc);
        meta.addProperty("targetTestAccuracy", tAcc);
        ModelFile.save(out, student, null, meta);
        log.printf("source test %.2f%%, target test %.2f%%; wrote %s%n", 100 * sAcc, 100 * tAcc, out);
        return 0;
    }
}
