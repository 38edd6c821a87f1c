package org.dsodenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code adapt --precision}: QAT-DA writes a quantized model that eval --fixed reads; bad input is one line. */
class AdaptPrecisionCommandTest {
    @TempDir
    Path dir;

    private Path tinyModel() {
        ModelConfig cfg = ModelConfig.defaults(Arch.DSODENET).withInput(1, 8, 10).withChannels(new int[] {2, 3, 4})
                .withSteps(2, 0.5);
        Path m = dir.resolve("tiny.dsod");
        ModelFile.save(m, OdeNetModel.create(cfg, 3), null, new JsonObject());
        return m;
    }

    private CliRun adapt(String target, String... extra) {
        return adaptWith("mmd", target, extra);
    }

    private CliRun adaptWith(String method, String target, String... extra) {
        List<String> a = new ArrayList<>(List.of("adapt", "--model", tinyModel().toString(), "--method", method,
                "--source", "uci-digits", "--target", target, "--epochs", "1", "--max-images", "64",
                "--out", dir.resolve("a.dsod").toString()));
        a.addAll(List.of(extra));
        return CliRun.of(a.toArray(String[]::new));
    }

    private void refused(String expected, CliRun r) {
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals("dsodenet: error: " + expected, r.err().strip());
        assertFalse(Files.exists(dir.resolve("a.dsod")), "nothing written");
    }

    /** {@code n} images of {@code c} channels of {@code side}x{@code side} pixels, {@code classes} labels, as CSV. */
    private Path csv(String name, int n, int c, int side, int classes) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder s = new StringBuilder();
            for (int p = 0; p < c * side * side; p++) {
                s.append((i * 7 + p * 3) % 17).append(',');
            }
            lines.add(s.append(i % classes).toString());
        }
        return Files.write(dir.resolve(name), lines);
    }

    @Test
    void theModelFileHoldsTheQuantizedNetworkThatEvalFixedRuns() {
        CliRun r = adapt("uci-digits", "--precision", "fx8", "--qat-epochs", "1", "--im-weight", "0.3");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("fixed-point fx8 after QAT-DA: source test "), r.out());
        ModelFile.Loaded m = ModelFile.load(dir.resolve("a.dsod"));
        assertNotNull(m.quantized(), "no quantized network in the model file");
        assertEquals("fx8", m.metadata().get("precision").getAsString());
        assertTrue(m.metadata().get("qat").getAsString().startsWith("qat-da: 1 epochs of mmd + im 0.3"),
                m.metadata().toString());
        CliRun eval = CliRun.of("eval", "--model", dir.resolve("a.dsod").toString(), "--data", "uci-digits",
                "--fixed");
        assertEquals(0, eval.exit(), eval.out() + eval.err());
    }

    @Test
    void aTargetWithOtherChannelsAndSizeIsMatchedByTheTransforms() throws IOException {
        Path rgb = csv("rgb12.csv", 40, 3, 12, 10);
        CliRun r = adapt(rgb.toString(), "--precision", "6,8,8", "--qat-epochs", "1");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertNotNull(ModelFile.load(dir.resolve("a.dsod")).quantized());
    }

    @Test
    void badInputIsOneLineBeforeAnyWork() throws IOException {
        refused("--qat-epochs needs --precision", adapt("uci-digits", "--qat-epochs", "2"));
        refused("--layer-precision needs --precision", adapt("uci-digits", "--layer-precision", "fc=fx16"));
        refused("--precision cannot train dann: its domain classifier is not part of the quantized network; "
                + "use mmd, coral or distill", adaptWith("dann", "uci-digits", "--precision", "fx8"));
        refused("--qat-epochs must be 0..10000, got -1", adapt("uci-digits", "--precision", "fx8", "--qat-epochs", "-1"));
        refused("--calib-images must be at least 1, got 0",
                adapt("uci-digits", "--precision", "fx8", "--calib-images", "0"));
        Path five = csv("five.csv", 20, 1, 8, 5);
        refused("--target " + five + " has 5 classes, the model " + dir.resolve("tiny.dsod")
                + " has 10; adapt needs the same classes", adapt(five.toString(), "--precision", "fx8"));
        CliRun bad = adapt("uci-digits", "--precision", "fx99");
        assertEquals(2, bad.exit());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().startsWith("dsodenet: error: "), bad.err());
        assertFalse(Files.exists(dir.resolve("a.dsod")));
    }
}
