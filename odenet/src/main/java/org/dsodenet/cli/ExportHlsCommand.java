package org.dsodenet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dsodenet.codegen.estimate.Part;
import org.dsodenet.codegen.estimate.ResourceEstimate;
import org.dsodenet.codegen.estimate.ResourceEstimator;
import org.dsodenet.codegen.hls.HlsOptions;
import org.dsodenet.codegen.hls.HlsProjectGenerator;
import org.dsodenet.codegen.hls.WeightMode;
import org.dsodenet.data.Dataset;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.ops.fixed.model.QNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dsodenet export-hls}: write the Vitis HLS project of a quantized model. */
@Command(name = "export-hls", mixinStandardHelpOptions = true,
        description = "Write a Vitis HLS project (firmware, testbench with Java reference values, build.tcl, "
                + "hls_config.cfg, Makefile) for the quantized network of a model file, and print a resource estimate.")
final class ExportHlsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "quantized model file")
    Path model;

    @Option(names = "--out", required = true, description = "project directory")
    Path out;

    @Option(names = "--part", defaultValue = "zcu104", description = "zcu104, pynq-z2, ultra96 or a part name (default ${DEFAULT-VALUE})")
    String part;

    @Option(names = "--clock", defaultValue = "5", description = "clock period in ns (default ${DEFAULT-VALUE})")
    double clock;

    @Option(names = "--weights", defaultValue = "runtime", description = "rom or runtime (default ${DEFAULT-VALUE})")
    String weights;

    @Option(names = "--ode-only", description = "only the ODE part on the FPGA; pre/post-processing stay on the host")
    boolean odeOnly;

    @Option(names = "--top", defaultValue = "dsodenet_top", description = "top-function name (default ${DEFAULT-VALUE})")
    String top;

    @Option(names = "--force", description = "replace an earlier export (a directory holding "
            + HlsCommands.PROJECT_FILE + "); never other directories or one holding an input")
    boolean force;

    @Option(names = "--data", defaultValue = "mnist", description = "images for the testbench (test split; default ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--tb-images", defaultValue = "10", description = "testbench images (default ${DEFAULT-VALUE})")
    int tbImages;

    @Override
    public Integer call() {
        PrintWriter log = spec.commandLine().getOut();
        HlsOptions opt = new HlsOptions(top, Part.parse(part), clock,
                WeightMode.parse(weights), odeOnly, force);
        List<Path> inputs = HlsCommands.inputs(List.of(data), model);
        HlsCommands.checkProjectOutput(out, opt, inputs, "--out");
        ModelFile.Loaded m = ModelFile.load(model);
        QNetwork q = HlsCommands.quantized(m, model);
        Dataset d = DataOptions.load(data, m.model().config(), DataOptions.Part.TEST);
        Path dir = HlsCommands.export(q, opt, out, d, tbImages, inputs);
        ResourceEstimate est = ResourceEstimator.estimate(HlsProjectGenerator.deployed(q, opt), opt.part(), clock);
        log.print(est.table());
        log.printf("wrote %s (make -C %s csim runs the C simulation with g++)%n", dir, dir);
        return 0;
    }
}
