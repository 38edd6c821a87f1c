package org.dsodenet.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dsodenet.data.Dataset;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.odenet.eval.Evaluation;
import org.dsodenet.odenet.eval.Evaluator;
import org.dsodenet.odenet.io.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dsodenet eval}: accuracy and confusion matrix, in float or bit-exact fixed point. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Accuracy and confusion matrix of a model on labeled data: float, or with --fixed the "
                + "quantized network through the bit-exact Java fixed-point forward.")
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "model file")
    Path model;

    @Option(names = "--data", defaultValue = "mnist", description = "bundled name or path (default ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--split", defaultValue = "test", description = "train, test or all (default ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--fixed", description = "evaluate the quantized network (run quantize first)")
    boolean fixed;

    @Option(names = "--max-images", description = "evaluate a random subset of this many images")
    Integer maxImages;

    @Option(names = "--json", description = "print JSON instead of text")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ModelFile.Loaded m = ModelFile.load(model);
        if (fixed && m.quantized() == null) {
            throw new IllegalArgumentException(model + " has no quantized network; run dsodenet quantize first");
        }
        Dataset d = DataOptions.limit(DataOptions.load(data, m.model().config(), DataOptions.part(split)), maxImages, 1);
        if (d.size() == 0) {
            // An accuracy over no images would print as 0.00% and exit 0, as if the model had been evaluated.
            throw new IllegalArgumentException("no images to evaluate: the " + split + " split of " + data
                    + " is empty" + (split.equals("all") ? "" : " (it has too few images to split; try --split all)"));
        }
        FixedStats stats = new FixedStats();
        Evaluation e = fixed ? Evaluator.fixed(m.quantized(), d, stats) : Evaluator.floatModel(m.model(), d);
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("model", model.toString());
            o.addProperty("data", data);
            o.addProperty("split", split);
            o.addProperty("arithmetic", fixed ? "fixed" : "float");
            o.addProperty("images", e.total());
            o.addProperty("correct", e.correct());
            o.addProperty("accuracy", e.accuracy());
            if (fixed) {
                // Out-of-range conversions over all evaluated images: a precision that saturates often is one a
                // sweep should flag even when the accuracy still looks fine.
                JsonObject c = new JsonObject();
                c.addProperty("conversions", stats.conversions);
                c.addProperty("quantized", stats.quantized);
                c.addProperty("saturated", stats.saturated);
                c.addProperty("wrapped", stats.wrapped);
                o.add("conversions", c);
            }
            JsonArray cm = new JsonArray();
            for (int[] row : e.confusion()) {
                JsonArray r = new JsonArray();
                for (int v : row) {
                    r.add(v);
                }
                cm.add(r);
            }
            o.add("confusion", cm);
            out.println(new GsonBuilder().setPrettyPrinting().create().toJson(o));
            return 0;
        }
        out.printf("%s on %s (%s, %d images, %s): accuracy %.2f%%%n", model, data, split, e.total(),
                fixed ? "bit-exact fixed point" : "float", 100 * e.accuracy());
        out.println("confusion matrix (rows: true class, columns: predicted):");
        for (int[] row : e.confusion()) {
            StringBuilder sb = new StringBuilder();
            for (int v : row) {
                sb.append(String.format("%6d", v));
            }
            out.println(sb);
        }
        return 0;
    }
}
