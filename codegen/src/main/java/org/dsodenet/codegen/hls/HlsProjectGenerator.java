package org.dsodenet.codegen.hls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dsodenet.codegen.estimate.ResourceEstimator;
import org.dsodenet.codegen.io.AtomicDirectory;
import org.dsodenet.codegen.io.ReplacePolicy;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.oracle.RawHex;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QOdeBlock;

/**
 * Writes a complete Vitis HLS project for a quantized network: {@code firmware/} (types and kernel configurations,
 * parameters as raw bit patterns, the top function, a copy of the kernel headers), {@code tb/} (testbench and its
 * data), {@code host/} (the host ap_fixed model for g++ C simulation), {@code build.tcl}, {@code hls_config.cfg},
 * a {@code Makefile}, a README, the resource estimate and the {@link ProjectFile}. Only network-specific glue is
 * generated; the kernels come from hls-templates.
 */
public final class HlsProjectGenerator {
    /** Parameters travel over the run-time port one per 64-bit word (raw pattern in the low bits). */
    static final int PARAM_WORD_BITS = 64;

    private HlsProjectGenerator() {}

    /** The part of the network that goes on the FPGA under these options (the ODE span when {@code odeOnly}). */
    public static QNetwork deployed(QNetwork net, HlsOptions opt) {
        if (!opt.odeOnly()) {
            return net;
        }
        int first = -1;
        int last = -1;
        for (int i = 0; i < net.layers().size(); i++) {
            if (net.layers().get(i) instanceof QOdeBlock) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        if (first < 0) {
            throw new IllegalArgumentException(net.name() + ": --ode-only, but the network has no ODE block");
        }
        var dims = first == 0 ? net.input() : net.dims().get(first - 1);
        FixedType type = first == 0 ? net.inputType() : net.layers().get(first - 1).outputType();
        return new QNetwork(net.name() + "_ode", dims, type, net.layers().subList(first, last + 1));
    }

    /**
     * Generates the project into {@code out} (atomically). {@code images} may be empty; then the testbench has no
     * data and {@code make csim} reports an error until data is exported.
     */
    public static Path generate(QNetwork full, HlsOptions opt, Path out, List<TbImage> images) {
        return generate(full, opt, out, images, Map.of(), List.of());
    }

    /**
     * Generates the project as above, with {@code facts} added to its {@link ProjectFile}; with
     * {@link HlsOptions#force()} it replaces only an earlier export that holds none of {@code inputs} (see
     * {@link ReplacePolicy}).
     */
    public static Path generate(QNetwork full, HlsOptions opt, Path out, List<TbImage> images, Map<String, String> facts,
                                List<Path> inputs) {
        QNetwork net = deployed(full, opt);
        if (!net.inputType().isFast()) {
            throw new IllegalArgumentException("the network input type is limited to 64 bits, got " + net.inputType());
        }
        CIdentifiers ids = new CIdentifiers();
        LayerCode code = new LayerCode(ids);
        LayerCode.Buffer in = new LayerCode.Buffer("input", "input_t", net.input());
        LayerCode.Buffer last = code.emit(net.layers(), in, "    ", "-1");
        String top = opt.top();
        FixedType outType = net.layers().get(net.layers().size() - 1).outputType();
        int nParams = 0;
        for (LayerCode.Param p : code.params) {
            nParams += p.raws().length;
        }
        try (AtomicDirectory dir = AtomicDirectory.create(out, replacePolicy(opt, inputs))) {
            dir.writeString("firmware/types.h", typesHeader(net, outType, code, nParams));
            dir.writeString("firmware/" + top + ".h", topHeader(top, opt));
            dir.writeString("firmware/" + top + ".cpp", topSource(top, opt, net, code, last));
            if (opt.weights() == WeightMode.ROM) {
                dir.writeString("firmware/params_rom.h", romHeader(code));
            }
            dir.writeString("params/params.hex", paramsHex(code));
            dir.writeString("params/layout.txt", paramsLayout(code));
            for (String f : HlsTemplates.list(HlsTemplates.KERNELS)) {
                dir.writeBytes("firmware/dsodenet/" + f, HlsTemplates.bytes(HlsTemplates.KERNELS + "/" + f));
            }
            for (String f : HlsTemplates.list(HlsTemplates.HOST)) {
                dir.writeBytes("host/" + f, HlsTemplates.bytes(HlsTemplates.HOST + "/" + f));
            }
            for (String f : HlsTemplates.list(HlsTemplates.TB)) {
                dir.writeBytes("tb/" + f, HlsTemplates.bytes(HlsTemplates.TB + "/" + f));
            }
            dir.writeString("tb/tb.cpp", BuildFiles.testbench(top, opt));
            dir.writeString("tb/data/tb_data.txt", TestbenchData.format(net, ids, images));
            dir.writeString("Makefile", BuildFiles.makefile(top));
            dir.writeString("build.tcl", BuildFiles.buildTcl(top, opt));
            dir.writeString("hls_config.cfg", BuildFiles.hlsConfig(top, opt));
            dir.writeString("README.md", BuildFiles.readme(net, top, opt, images.size()));
            dir.writeString("estimate.txt", ResourceEstimator.estimate(net, opt.part(), opt.clockNs()).table());
            dir.writeString(ProjectFile.NAME, ProjectFile.json(opt, facts));
            return dir.commit();
        }
    }

    /** What {@code generate} may replace at its output under these options, given the command's inputs. */
    public static ReplacePolicy replacePolicy(HlsOptions opt, List<Path> inputs) {
        return new ReplacePolicy(opt.force(), ProjectFile.NAME, inputs);
    }

    private static String typesHeader(QNetwork net, FixedType outType, LayerCode code, int nParams) {
        return "// Generated by dsodenet for network '" + LayerCode.quote(net.name()) + "': types and kernel configurations.\n"
                + "#ifndef DSODENET_GENERATED_TYPES_H\n#define DSODENET_GENERATED_TYPES_H\n\n"
                + "#include <ap_fixed.h>\n#include <ap_int.h>\n\n"
                + "typedef " + net.inputType() + " input_t;\n"
                + "typedef " + outType + " output_t;\n"
                + "typedef ap_uint<" + PARAM_WORD_BITS + "> param_word_t;\n"
                + "static const unsigned IN_SIZE = " + net.input().size() + ";   // " + net.input() + " (CHW)\n"
                + "static const unsigned OUT_SIZE = " + net.outputDims().size() + ";   // " + net.outputDims() + "\n"
                + "static const unsigned N_PARAMS = " + Math.max(1, nParams) + ";\n\n"
                + code.configs + "#endif\n";
    }

    private static String topSignature(String top, HlsOptions opt) {
        return "void " + top + "(const input_t input[IN_SIZE], output_t output[OUT_SIZE]"
                + (opt.weights() == WeightMode.RUNTIME ? ", const param_word_t params[N_PARAMS], bool load_params" : "") + ")";
    }

    private static String topHeader(String top, HlsOptions opt) {
        String guard = "DSODENET_TOP_" + top.toUpperCase(Locale.ROOT) + "_H";
        return "// Generated by dsodenet: the top function.\n#ifndef " + guard + "\n#define " + guard + "\n\n"
                + "#include \"types.h\"\n\n"
                + (opt.weights() == WeightMode.RUNTIME
                        ? "// load_params = true copies params (layout in params/layout.txt) into the on-chip buffers\n"
                                + "// before computing; later calls may pass false and reuse them.\n" : "")
                + topSignature(top, opt) + ";\n\n#endif\n";
    }

    private static String topSource(String top, HlsOptions opt, QNetwork net, LayerCode code, LayerCode.Buffer last) {
        StringBuilder s = new StringBuilder();
        s.append("// Generated by dsodenet for network '").append(LayerCode.quote(net.name())).append("'.\n")
                .append("// Every typed assignment and reduction order is that of the Java fixed-point forward; the\n")
                .append("// kernels are the hls-templates headers under dsodenet/.\n")
                .append("#include \"").append(top).append(".h\"\n");
        for (String k : List.of("conv2d", "depthwise", "pointwise", "batchnorm", "relu", "pool", "linear", "euler")) {
            s.append("#include \"dsodenet/").append(k).append(".h\"\n");
        }
        if (opt.weights() == WeightMode.ROM) {
            s.append("#include \"params_rom.h\"\n");
        }
        s.append("\n// C simulation with the dsodenet testbench compares every traced array with Java's values;\n")
                .append("// synthesis sees an empty macro.\n")
                .append("#if !defined(__SYNTHESIS__) && defined(DSODENET_TB)\n#include \"dsodenet_tb.h\"\n#endif\n")
                .append("#ifndef DSODENET_TRACE\n#define DSODENET_TRACE(layer, step, array, n)\n#endif\n\n")
                .append("// On-chip parameter buffers (BRAM/LUTRAM), filled once and reused by every call and every Euler step.\n");
        for (LayerCode.Param p : code.params) {
            s.append("static ").append(p.cType()).append(' ').append(p.cName()).append('[').append(p.raws().length).append("];\n");
        }
        s.append("\nstatic void dsodenet_load_params(").append(opt.weights() == WeightMode.RUNTIME ? "const param_word_t params[N_PARAMS]" : "")
                .append(") {\n");
        int offset = 0;
        for (LayerCode.Param p : code.params) {
            String loop = p.cName() + "_load";
            s.append(loop).append(":\n    for (unsigned i = 0; i < ").append(p.raws().length).append("; i++) {\n")
                    .append("#pragma HLS PIPELINE II = 1\n");
            String raw = opt.weights() == WeightMode.RUNTIME
                    ? "ap_uint<" + p.type().width() + ">(params[" + offset + " + i])"
                    : p.cName() + "_rom[i]";
            s.append("        ").append(p.cName()).append("[i] = dsodenet::from_raw<").append(p.cType()).append(">(")
                    .append(raw).append(");\n    }\n");
            offset += p.raws().length;
        }
        s.append("}\n\n").append(topSignature(top, opt)).append(" {\n")
                .append("#pragma HLS INTERFACE m_axi port = input offset = slave bundle = gmem0 depth = ").append(net.input().size()).append('\n')
                .append("#pragma HLS INTERFACE m_axi port = output offset = slave bundle = gmem1 depth = ").append(net.outputDims().size()).append('\n');
        if (opt.weights() == WeightMode.RUNTIME) {
            s.append("#pragma HLS INTERFACE m_axi port = params offset = slave bundle = gmem2 depth = N_PARAMS\n")
                    .append("#pragma HLS INTERFACE s_axilite port = load_params\n");
        }
        s.append("#pragma HLS INTERFACE s_axilite port = return\n");
        for (LayerCode.Param p : code.params) {
            if (p.banks() > 1 && p.raws().length > p.banks()) {
                s.append("#pragma HLS ARRAY_PARTITION variable = ").append(p.cName()).append(" cyclic factor = ")
                        .append(p.banks()).append(" dim = 1\n");
            } else if (p.banks() > 1) {
                s.append("#pragma HLS ARRAY_PARTITION variable = ").append(p.cName()).append(" complete dim = 1\n");
            }
        }
        if (opt.weights() == WeightMode.RUNTIME) {
            s.append("    if (load_params) dsodenet_load_params(params);\n\n");
        } else {
            s.append("    static bool loaded = false;\n    if (!loaded) {\n        dsodenet_load_params();\n        loaded = true;\n    }\n\n");
        }
        s.append(code.body());
        s.append("\ncopy_output:\n    for (unsigned i = 0; i < OUT_SIZE; i++) {\n#pragma HLS PIPELINE II = 1\n")
                .append("        output[i] = ").append(last.name()).append("[i];\n    }\n}\n");
        return s.toString();
    }

    private static String romHeader(LayerCode code) {
        StringBuilder s = new StringBuilder("// Generated by dsodenet: parameters as exact raw bit patterns (ROM).\n"
                + "#ifndef DSODENET_PARAMS_ROM_H\n#define DSODENET_PARAMS_ROM_H\n\n#include \"types.h\"\n\n");
        for (LayerCode.Param p : code.params) {
            s.append("static const ap_uint<").append(p.type().width()).append("> ").append(p.cName()).append("_rom[")
                    .append(p.raws().length).append("] = {");
            for (int i = 0; i < p.raws().length; i++) {
                s.append(i % 8 == 0 ? "\n    " : " ").append("0x").append(RawHex.format(p.raws()[i], p.type())).append("ULL,");
            }
            s.append("\n};\n");
        }
        return s.append("\n#endif\n").toString();
    }

    static String paramsHex(LayerCode code) {
        StringBuilder s = new StringBuilder();
        for (LayerCode.Param p : code.params) {
            for (long raw : p.raws()) {
                s.append(RawHex.format(raw, p.type())).append('\n');
            }
        }
        return s.toString();
    }

    private static String paramsLayout(LayerCode code) {
        StringBuilder s = new StringBuilder("# run-time parameter port: one 64-bit word per value, raw bit pattern in the\n"
                + "# low W bits; params.hex holds the words in this order\n# name offset count type\n");
        int offset = 0;
        for (LayerCode.Param p : code.params) {
            s.append(p.cName()).append(' ').append(offset).append(' ').append(p.raws().length).append(' ')
                    .append(p.type().toString().replace(" ", "")).append('\n');
            offset += p.raws().length;
        }
        return s.toString();
    }

    /** Names of all parameter arrays in port order, for tests and tools. */
    static List<String> paramNames(QNetwork net) {
        LayerCode code = new LayerCode(new CIdentifiers());
        code.emit(net.layers(), new LayerCode.Buffer("input", "input_t", net.input()), "", "-1");
        List<String> names = new ArrayList<>();
        code.params.forEach(p -> names.add(p.cName()));
        return names;
    }

    static QLayer lastLayer(QNetwork net) {
        return net.layers().get(net.layers().size() - 1);
    }
}
