package org.dsodenet.codegen.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dsodenet.codegen.TestNetworks;
import org.dsodenet.codegen.estimate.Part;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.oracle.RawHex;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HlsProjectGeneratorTest {
    @TempDir
    Path tmp;

    private static HlsOptions opts(WeightMode m, boolean odeOnly) {
        return new HlsOptions("net_top", Part.ZCU104, 5, m, odeOnly, false);
    }

    @Test
    void writesTheProjectLayout() throws IOException {
        QNetwork net = TestNetworks.tiny("tiny", 4, 6, 1);
        Path out = HlsProjectGenerator.generate(net, opts(WeightMode.ROM, false), tmp.resolve("prj"), List.of());
        for (String f : List.of("firmware/types.h", "firmware/net_top.h", "firmware/net_top.cpp", "firmware/params_rom.h",
                "firmware/dsodenet/conv2d.h", "firmware/dsodenet/euler.h", "tb/tb.cpp", "tb/dsodenet_tb.h",
                "tb/data/tb_data.txt", "params/params.hex", "Makefile", "build.tcl", "hls_config.cfg", "README.md")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        String tcl = Files.readString(out.resolve("build.tcl"));
        assertTrue(tcl.contains("set_part {xczu7ev-ffvc1156-2-e}"), tcl);
        assertTrue(tcl.contains("create_clock -period 5"), tcl);
        String top = Files.readString(out.resolve("firmware/net_top.cpp"));
        assertTrue(top.contains("#pragma HLS INTERFACE m_axi port = input"), top);
        assertTrue(top.contains("#pragma HLS INTERFACE s_axilite port = return"), top);
        // The ODE block is a loop over the steps, not unrolled copies: f's kernels are called once in the source.
        assertEquals(1, count(top, "dsodenet::depthwise_conv2d<"));
        assertTrue(top.contains("for (unsigned ode_k = 0; ode_k < ode_config::steps; ode_k++)"), top);
        // Names from the model became C identifiers.
        assertTrue(top.contains("pre_conv_out"), top);
        assertTrue(top.contains("f_relu_out"), top);
        // No staging directory is left behind.
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(tmp.resolve("prj")), s.toList());
        }
    }

    @Test
    void parametersAreExactRawPatternsInPortOrder() throws IOException {
        QNetwork net = TestNetworks.tiny("tiny", 3, 5, 2);
        Path out = HlsProjectGenerator.generate(net, opts(WeightMode.RUNTIME, false), tmp.resolve("prj"), List.of());
        List<String> words = Files.readAllLines(out.resolve("params/params.hex"));
        var conv = (org.dsodenet.ops.fixed.model.QConv2d) net.layers().get(0);
        FixedType wt = conv.types().weight();
        for (int i = 0; i < conv.weights().length; i++) {
            assertEquals(conv.weights()[i], RawHex.parse(words.get(i), wt).longValue(), "weight " + i);
        }
        assertEquals(List.of("pre_conv_w", "pre_conv_b", "ode_h", "dw_w", "dw_b", "pw_w", "pw_b", "bn_scale",
                "bn_shift", "gap_recip", "fc_w", "fc_b"), HlsProjectGenerator.paramNames(net));
        // No decimal literals anywhere in ROM mode: every constant is a hex raw pattern.
        Path rom = HlsProjectGenerator.generate(net, opts(WeightMode.ROM, false), tmp.resolve("rom"), List.of());
        String romText = Files.readString(rom.resolve("firmware/params_rom.h"));
        Matcher m = Pattern.compile("\\{([^}]*)\\}").matcher(romText);
        int arrays = 0;
        while (m.find()) {
            arrays++;
            for (String lit : m.group(1).split(",")) {
                if (!lit.isBlank()) {
                    assertTrue(lit.strip().matches("0x[0-9a-f]+ULL"), lit);
                }
            }
        }
        assertEquals(12, arrays);
    }

    @Test
    void refusesNonEmptyDirectoryWithoutForce() throws IOException {
        QNetwork net = TestNetworks.tiny("tiny", 2, 4, 3);
        Path dir = tmp.resolve("prj");
        HlsProjectGenerator.generate(net, opts(WeightMode.ROM, false), dir, List.of());
        Files.writeString(dir.resolve("keep.txt"), "mine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HlsProjectGenerator.generate(net, opts(WeightMode.ROM, false), dir, List.of()));
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
        assertTrue(Files.exists(dir.resolve("keep.txt")));
        HlsProjectGenerator.generate(net, opts(WeightMode.ROM, false).withForce(true), dir, List.of());
        assertFalse(Files.exists(dir.resolve("keep.txt")));
        assertTrue(Files.exists(dir.resolve("Makefile")));
    }

    @Test
    void forceReplacesOnlyAnEarlierExport() throws IOException {
        QNetwork net = TestNetworks.tiny("tiny", 2, 4, 3);
        Path dir = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(dir.resolve("thesis.tex"), "years of work");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HlsProjectGenerator.generate(net, opts(WeightMode.ROM, false).withForce(true), dir, List.of()));
        assertTrue(e.getMessage().contains("not an earlier export"), e.getMessage());
        assertEquals("years of work", Files.readString(dir.resolve("thesis.tex")));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(dir), s.toList(), "nothing staged");
        }
    }

    @Test
    void theProjectFileRecordsTheOptionsAndTheCallersFacts() throws IOException {
        QNetwork net = TestNetworks.tiny("tiny", 2, 4, 3);
        Path out = HlsProjectGenerator.generate(net, new HlsOptions("my_top", Part.ULTRA96, 4, WeightMode.ROM, true,
                false), tmp.resolve("prj"), List.of(), java.util.Map.of("note", "a \"quoted\" \\ fact"), List.of());
        String json = Files.readString(out.resolve(ProjectFile.NAME));
        assertEquals("{\n  \"top\": \"my_top\",\n  \"part\": \"xczu3eg-sbva484-1-e\",\n  \"clockNs\": 4.0,\n"
                + "  \"weights\": \"rom\",\n  \"odeOnly\": true,\n  \"note\": \"a \\\"quoted\\\" \\\\ fact\"\n}\n", json);
        assertTrue(Files.readString(out.resolve("estimate.txt")).contains("Ultra96"));
    }

    @Test
    void failedGenerationLeavesNothingBehind() throws IOException {
        QNetwork net = TestNetworks.tiny("tiny", 2, 4, 4);
        TbImage bad = new TbImage(0, List.of("1", "2"), List.of(new TbRecord("x", -1, net.inputType(), List.of("0"))));
        assertThrows(IllegalArgumentException.class,
                () -> HlsProjectGenerator.generate(net, opts(WeightMode.ROM, false), tmp.resolve("prj"), List.of(bad)));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void odeOnlyDeploysTheOdeSpan() {
        QNetwork net = TestNetworks.tiny("tiny", 2, 4, 5);
        QNetwork ode = HlsProjectGenerator.deployed(net, opts(WeightMode.ROM, true));
        assertEquals(1, ode.layers().size());
        assertEquals("ode", ode.layers().get(0).name());
        assertEquals(net.layers().get(1).outputType(), ode.inputType());
        assertEquals(net.dims().get(1), ode.input());
    }

    @Test
    void identifiersAreSafeAndDistinct() {
        CIdentifiers ids = new CIdentifiers();
        assertEquals("conv_1", ids.of("conv-1"));
        assertEquals("conv_1_2", ids.of("conv 1"));
        assertEquals("l_3x3", ids.of("3x3"));
        assertEquals("l_int", ids.of("int"));
        assertEquals("etc_passwd", ids.of("../../etc/passwd"));
        assertEquals("conv_1", ids.of("conv-1"));
        assertThrows(IllegalArgumentException.class, () -> CIdentifiers.requireTopName("bad name"));
        assertThrows(IllegalArgumentException.class, () -> CIdentifiers.requireTopName("int"));
        assertThrows(IllegalArgumentException.class, () -> new HlsOptions("top", Part.ZCU104, 0, WeightMode.ROM, false, false));
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
