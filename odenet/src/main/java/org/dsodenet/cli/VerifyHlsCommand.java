package org.dsodenet.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dsodenet.codegen.hls.CSim;
import org.dsodenet.codegen.hls.HlsOptions;
import org.dsodenet.codegen.hls.HlsProjectGenerator;
import org.dsodenet.codegen.hls.TbImage;
import org.dsodenet.codegen.hls.TestbenchData;
import org.dsodenet.data.Dataset;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.train.AtomicFile;
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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ModelFile.Loaded m = ModelFile.load(model);
        QNetwork q = HlsCommands.quantized(m, model);
        HlsOptions opt = HlsCommands.options(hls);
        Dataset d = DataOptions.load(data, m.model().config(), DataOptions.Part.TEST);
        List<TbImage> tb = HlsCommands.images(q, opt, d, images);
        AtomicFile.write(hls.resolve("tb/data/tb_data.txt"),
                TestbenchData.format(HlsProjectGenerator.deployed(q, opt), tb).getBytes(UTF_8));
        CSim.Result r = CSim.run(hls, includeDir());
        out.print(r.log());
        if (r.compared() < 0) {
            throw new IllegalArgumentException("C simulation did not finish (exit " + r.exit() + "); see " + hls.resolve("build/verify.log"));
        }
        out.println(r.compared() + " values compared, " + r.mismatches() + " mismatches");
        return r.mismatches() == 0 ? 0 : 1;
    }

    private String includeDir() {
        if (apInclude != null) {
            if (!Files.isRegularFile(apInclude.resolve("ap_fixed.h"))) {
                throw new IllegalArgumentException(apInclude + " has no ap_fixed.h");
            }
            return apInclude.toAbsolutePath().toString();
        }
        String x = System.getenv("XILINX_HLS");
        return x != null && !x.isBlank() ? Path.of(x, "include").toString() : "host";
    }

}
