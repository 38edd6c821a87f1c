package org.dsodenet.cli;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dsodenet.data.Dataset;
import org.dsodenet.odenet.eval.Evaluator;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.odenet.training.DomainTrainer;
import org.dsodenet.odenet.training.Method;
import org.dsodenet.train.MetricsLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dsodenet train}: supervised training on one labeled dataset. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a float model on labeled data (the train split of --data) and save it.")
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "mnist", description = "bundled name or path (default ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--out", required = true, description = "model file to write (.dsod)")
    Path out;

    @Option(names = "--classes", description = "number of classes (default: from the data)")
    Integer classes;

    @Mixin
    ArchOptions arch = new ArchOptions();

    @Mixin
    TrainFlags flags = new TrainFlags();

    @Override
    public Integer call() {
        flags.checkOutputs(spec, out, "train");
        PrintWriter log = spec.commandLine().getOut();
        ModelConfig cfg = arch.apply(ModelConfig.defaults(org.dsodenet.odenet.model.Arch.DSODENET));
        Dataset probe = org.dsodenet.data.Datasets.load(data);
        cfg = cfg.withInput(cfg.inChannels() == 1 && probe.channels() == 3 ? 3 : cfg.inChannels(), cfg.inputSize(),
                classes != null ? classes : probe.numClasses());
        Dataset train = DataOptions.limit(DataOptions.requireImages(DataOptions.load(data, cfg, DataOptions.Part.TRAIN),
                data, DataOptions.Part.TRAIN), flags.maxImages, flags.seed);
        Dataset test = DataOptions.requireImages(DataOptions.load(data, cfg, DataOptions.Part.TEST), data,
                DataOptions.Part.TEST);
        OdeNetModel model = OdeNetModel.create(cfg, flags.seed);
        log.printf("training %s on %s (%d images), %d epochs%n", cfg, data, train.size(), flags.epochs);
        log.flush();
        MetricsLog metrics = flags.metricsLog("train");
        new DomainTrainer(model, flags.options(Method.SOURCE_ONLY, 0, 1, 0, false), null).fit(train, null, flags.checkpoint,
                flags.resume, metrics, System.out, e -> Map.of("test_acc", Evaluator.floatModel(model, test).accuracy()));
        double acc = Evaluator.floatModel(model, test).accuracy();
        JsonObject meta = new JsonObject();
        meta.addProperty("trainedOn", data);
        meta.addProperty("method", "source-only");
        meta.addProperty("testAccuracy", acc);
        ModelFile.save(out, model, null, meta);
        log.printf("test accuracy %.2f%% on %d images of %s; wrote %s%n", 100 * acc, test.size(), data, out);
        return 0;
    }
}
