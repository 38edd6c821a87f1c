package org.dsodenet.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dsodenet.codegen.estimate.Part;
import org.dsodenet.codegen.estimate.ResourceEstimator;
import org.dsodenet.codegen.hls.HlsOptions;
import org.dsodenet.codegen.hls.HlsProjectGenerator;
import org.dsodenet.codegen.hls.TbImage;
import org.dsodenet.codegen.hls.TestbenchExporter;
import org.dsodenet.codegen.hls.WeightMode;
import org.dsodenet.data.Dataset;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.odenet.quant.Quantizer;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.train.AtomicFile;

/** Export and testbench-data steps shared by export-hls, verify-hls and demo. */
final class HlsCommands {
    static final String PROJECT_FILE = "dsodenet-project.json";

    private HlsCommands() {}

    static QNetwork quantized(ModelFile.Loaded m, Path file) {
        if (m.quantized() == null) {
            throw new IllegalArgumentException(file + " has no quantized network; run dsodenet quantize first");
        }
        return m.quantized();
    }

    static List<TbImage> images(QNetwork q, HlsOptions opt, Dataset d, int n) {
        if (n < 1 || n > d.size()) {
            throw new IllegalArgumentException("testbench images must be 1.." + d.size() + ", got " + n);
        }
        List<long[]> in = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            in.add(Quantizer.quantizeInput(q, d.image(i)));
        }
        return TestbenchExporter.images(q, opt, in);
    }

    static Path export(QNetwork q, HlsOptions opt, Path out, Dataset d, int n) {
        Path dir = HlsProjectGenerator.generate(q, opt, out, images(q, opt, d, n));
        JsonObject o = new JsonObject();
        o.addProperty("top", opt.top());
        o.addProperty("part", opt.part().name());
        o.addProperty("clockNs", opt.clockNs());
        o.addProperty("weights", opt.weights().name().toLowerCase(java.util.Locale.ROOT));
        o.addProperty("odeOnly", opt.odeOnly());
        AtomicFile.write(dir.resolve(PROJECT_FILE),
                (new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n").getBytes(UTF_8));
        AtomicFile.write(dir.resolve("estimate.txt"),
                ResourceEstimator.estimate(HlsProjectGenerator.deployed(q, opt), opt.part(), opt.clockNs()).table().getBytes(UTF_8));
        return dir;
    }

    /** The options a project was generated with, from its project file. */
    static HlsOptions options(Path dir) {
        Path f = dir.resolve(PROJECT_FILE);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException(dir + " is not a dsodenet HLS project (no " + PROJECT_FILE + ")");
        }
        try {
            JsonObject o = JsonParser.parseString(Cli.readText(f)).getAsJsonObject();
            return new HlsOptions(o.get("top").getAsString(), Part.parse(o.get("part").getAsString()),
                    o.get("clockNs").getAsDouble(), WeightMode.parse(o.get("weights").getAsString()),
                    o.get("odeOnly").getAsBoolean(), false);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(f + ": malformed project file (" + e.getMessage() + ")");
        }
    }
}
