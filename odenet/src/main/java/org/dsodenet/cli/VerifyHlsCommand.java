package org.dsodenet.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.dsodenet.codegen.hls.CSim;
import org.dsodenet.codegen.hls.HlsOptions;
import org.dsodenet.codegen.hls.HlsProjectGenerator;
import org.dsodenet.codegen.hls.TbImage;
import org.dsodenet.codegen.hls.TestbenchData;
import org.dsodenet.data.Dataset;
import org.dsodenet.io.AtomicFile;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.odenet.io.NetworkDigest;
import org.dsodenet.ops.fixed.model.QNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dsodenet verify-hls}: C simulation of a generated project against the Java fixed-point forward. */
@Command(name = "verify-hls", mixinStandardHelpOptions = true,
        description = "Write the Java fixed-point values of N images into an exported project's testbench, build it "
                + "with g++ (against Xilinx's headers with --ap-include or $XILINX_HLS, else the bundled host model) "
                + "and run it. Last line: 'N values compared, M mismatches'; exit code 1 when M > 0.")
final class VerifyHlsCommand implements Callable<Integer> {
    private static final String TB_DATA = "tb/data/tb_data.txt";

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "quantized model file the project was exported from")
    Path model;

    @Option(names = "--hls", required = true, description = "project directory written by export-hls")
    Path hls;

    @Option(names = "--images", defaultValue = "10", description = "images to compare (default ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--data", defaultValue = "mnist", description = "images (test split; default ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--ap-include", description = "directory with Xilinx's ap_fixed.h and ap_int.h")
    Path apInclude;

    /** What the C simulation lacks on this machine; tests replace it to play a machine without g++. */
    Supplier<Optional<String>> missingTools = CSim::missingTools;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        // Everything is checked before the project's testbench data is replaced, so a refused run leaves the
        // project (and its make csim) as it was.
        HlsCommands.Project project = HlsCommands.project(hls);
        HlsOptions opt = project.options();
        String include = includeDir();
        missingTools.get().ifPresent(m -> {
            throw new IllegalArgumentException(m + ": verify-hls compiles the C simulation with it");
        });
        Path tbData = hls.resolve(TB_DATA);
        OutputPaths.requireWritableFile(tbData, "--hls");
        ModelFile.Loaded m = ModelFile.load(model);
        QNetwork q = HlsCommands.quantized(m, model);
        requireExportedFrom(project, q);
        Dataset d = DataOptions.load(data, m.model().config(), DataOptions.Part.TEST);
        List<TbImage> tb = HlsCommands.images(q, opt, d, images);
        byte[] text = TestbenchData.format(HlsProjectGenerator.deployed(q, opt), tb).getBytes(UTF_8);
        AtomicFile.write(tbData, text);
        CSim.Result r = CSim.run(hls, include);
        out.print(r.log());
        if (r.compared() < 0) {
            throw new IllegalArgumentException("C simulation did not finish (exit " + r.exit() + "); see " + hls.resolve("build/verify.log"));
        }
        out.println(r.compared() + " values compared, " + r.mismatches() + " mismatches");
        return r.mismatches() == 0 ? 0 : 1;
    }

    private void requireExportedFrom(HlsCommands.Project project, QNetwork q) {
        if (project.networkSha256() == null) {
            throw new IllegalArgumentException(hls + " was exported by an older dsodenet that did not record its "
                    + "model; export it again (export-hls --force) to verify it");
        }
        String sha = NetworkDigest.sha256(q);
        if (!sha.equals(project.networkSha256())) {
            throw new IllegalArgumentException("model " + model + " is not the model " + hls + " was exported from "
                    + "(quantized network sha256 " + sha.substring(0, 16) + ", the project's "
                    + project.networkSha256().substring(0, Math.min(16, project.networkSha256().length())) + ")");
        }
    }

    private String includeDir() {
        if (apInclude != null) {
            requireHeaders(apInclude, "--ap-include " + apInclude);
            return apInclude.toAbsolutePath().toString();
        }
        String x = System.getenv("XILINX_HLS");
        if (x != null && !x.isBlank()) {
            Path dir = Path.of(x, "include");
            requireHeaders(dir, "$XILINX_HLS/include (" + dir + ")");
            return dir.toString();
        }
        return "host";
    }

    private static void requireHeaders(Path dir, String what) {
        for (String h : new String[] {"ap_fixed.h", "ap_int.h"}) {
            if (!Files.isRegularFile(dir.resolve(h))) {
                throw new IllegalArgumentException(what + " has no " + h);
            }
        }
    }
}
