package org.dsodenet.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsodenet.codegen.estimate.Part;
import org.dsodenet.codegen.hls.HlsOptions;
import org.dsodenet.codegen.hls.HlsProjectGenerator;
import org.dsodenet.codegen.hls.ProjectFile;
import org.dsodenet.codegen.hls.TbImage;
import org.dsodenet.codegen.hls.TestbenchExporter;
import org.dsodenet.codegen.hls.WeightMode;
import org.dsodenet.data.DataSpec;
import org.dsodenet.data.Dataset;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.odenet.io.NetworkDigest;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.quant.Quantizer;

/** Export and testbench-data steps shared by export-hls, verify-hls and demo. */
final class HlsCommands {
    static final String PROJECT_FILE = ProjectFile.NAME;
    static final String NETWORK_SHA256 = "networkSha256";

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

    /**
     * Checks, before any work, that a project can be written to {@code out}: a directory that can be made, or one
     * {@link HlsProjectGenerator#replacePolicy} lets the export replace.
     */
    static void checkProjectOutput(Path out, HlsOptions opt, List<Path> inputs, String flag) {
        OutputPaths.requireWritableDirectory(out, flag);
        try {
            HlsProjectGenerator.replacePolicy(opt, inputs).check(out);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + " " + e.getMessage(), e);
        }
    }

    /** The files a command reads: the given paths, and the paths data specs name (bundled names are none). */
    static List<Path> inputs(List<String> dataSpecs, Path... files) {
        List<Path> in = new ArrayList<>(List.of(files));
        for (String spec : dataSpecs) {
            try {
                Path p = Path.of(DataSpec.parse(spec).target());
                if (Files.exists(p)) {
                    in.add(p);
                }
            } catch (IllegalArgumentException e) {
                // not a path (InvalidPathException) or a spec the loader will refuse later
            }
        }
        return in;
    }

    static Path export(QNetwork q, HlsOptions opt, Path out, Dataset d, int n) {
        return export(q, opt, out, d, n, List.of());
    }

    /** Writes the project with the network's digest in its project file; {@code inputs} are never replaced. */
    static Path export(QNetwork q, HlsOptions opt, Path out, Dataset d, int n, List<Path> inputs) {
        return HlsProjectGenerator.generate(q, opt, out, images(q, opt, d, n),
                Map.of(NETWORK_SHA256, NetworkDigest.sha256(q)), inputs);
    }

    /** What verify-hls needs of an exported project. */
    record Project(HlsOptions options, String networkSha256) {}

    /** The options a project was generated with and its network's digest (null in older projects). */
    static Project project(Path dir) {
        Path f = dir.resolve(PROJECT_FILE);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException(dir + " is not a dsodenet HLS project (no " + PROJECT_FILE + ")");
        }
        try {
            JsonObject o = JsonParser.parseString(Cli.readText(f)).getAsJsonObject();
            HlsOptions opt = new HlsOptions(o.get("top").getAsString(), Part.parse(o.get("part").getAsString()),
                    o.get("clockNs").getAsDouble(), WeightMode.parse(o.get("weights").getAsString()),
                    o.get("odeOnly").getAsBoolean(), false);
            return new Project(opt, o.has(NETWORK_SHA256) ? o.get(NETWORK_SHA256).getAsString() : null);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(f + ": malformed project file (" + e.getMessage() + ")");
        }
    }
}
