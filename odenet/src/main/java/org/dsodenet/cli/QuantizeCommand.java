package org.dsodenet.cli;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dsodenet.data.Dataset;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.odenet.quant.ModelQuantizer;
import org.dsodenet.odenet.quant.Precision;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dsodenet quantize}: fold batch norms, calibrate, and store the quantized network in the model file. */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = "Fold batch norms, calibrate activation ranges on --calib images and quantize to fixed point; "
                + "writes a model file that also holds the quantized network (types and raw weights).")
final class QuantizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "trained model file")
    Path model;

    @Option(names = "--precision", defaultValue = "fx16",
            description = "fx16, fx8, mixed, or W,A,S[,ACC] bits for weights, activations, ODE state, accumulator cap (default ${DEFAULT-VALUE})")
    String precision;

    @Option(names = "--calib", defaultValue = "mnist", description = "calibration data (train split; default ${DEFAULT-VALUE})")
    String calib;

    @Option(names = "--calib-images", defaultValue = "256", description = "calibration images (default ${DEFAULT-VALUE})")
    int calibImages;

    @Option(names = "--out", required = true, description = "model file to write")
    Path out;

    @Override
    public Integer call() {
        PrintWriter log = spec.commandLine().getOut();
        Precision p = Precision.parse(precision);
        ModelFile.Loaded m = ModelFile.load(model);
        Dataset cal = DataOptions.limit(DataOptions.load(calib, m.model().config(), DataOptions.Part.TRAIN), calibImages, 7);
        QNetwork q = ModelQuantizer.quantize(m.model(), p, cal);
        JsonObject meta = m.metadata().deepCopy();
        meta.addProperty("precision", p.name());
        meta.addProperty("calibration", calib + " (" + cal.size() + " images)");
        ModelFile.save(out, m.model(), q, meta);
        log.printf("input: %s%n", q.inputType());
        for (QLayer l : QNetwork.flatten(q.layers())) {
            log.printf("%-22s %s%n", l.name(), l.outputType());
        }
        log.printf("quantized to %s; wrote %s%n", p.name(), out);
        return 0;
    }
}
