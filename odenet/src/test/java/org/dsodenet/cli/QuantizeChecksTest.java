package org.dsodenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** quantize refuses settings that cannot work and warns about an accumulator cap that throws output bits away. */
class QuantizeChecksTest {
    @TempDir
    Path dir;

    private Path model;

    @BeforeEach
    void tinyModel() {
        model = TinyModel.save(dir.resolve("tiny.dsod"), 3);
    }

    private CliRun quantize(String precision, String calibImages, Path out) {
        return CliRun.of("quantize", "--model", model.toString(), "--precision", precision, "--calib", "uci-digits",
                "--calib-images", calibImages, "--out", out.toString());
    }

    private static void refused(CliRun r, String expected, Path out) {
        assertEquals(2, r.exit(), r.out() + r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("dsodenet: error: " + expected), err);
        assertFalse(Files.exists(out));
    }

    @Test
    void zeroCalibrationImagesIsRefused() {
        Path out = dir.resolve("q.dsod");
        refused(quantize("fx8", "0", out), "--calib-images must be at least 1", out);
    }

    @Test
    void anAccumulatorCapNarrowerThanItsOperandsIsRefused() {
        Path out = dir.resolve("q.dsod");
        refused(quantize("8,8,8,4", "16", out), "accumulator cap of 4 bits is narrower than the 8-bit", out);
        refused(CliRun.of("quantize", "--model", model.toString(), "--layer-precision", "fc=16,8,8,12", "--calib",
                "uci-digits", "--calib-images", "16", "--out", out.toString()), "accumulator cap of 12 bits", out);
    }

    @Test
    void aCapThatDropsOutputBitsIsNamedPerLayer() {
        Path capped = dir.resolve("capped.dsod");
        CliRun r = quantize("8,8,8,8", "16", capped);
        assertEquals(0, r.exit(), r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("dsodenet: warning: the accumulator cap drops bits the outputs keep in "), err);
        QNetwork q = ModelFile.load(capped).quantized();
        Matcher m = Pattern.compile("([\\w.]+) needs (\\d+) \\(has (\\d+)\\)").matcher(err);
        int named = 0;
        while (m.find()) {
            named++;
            QLayer l = QNetwork.flatten(q.layers()).stream().filter(x -> x.name().equals(m.group(1))).findFirst()
                    .orElseThrow();
            AccTypes t = AccTypes.of(l);
            assertEquals(t.acc().width(), Integer.parseInt(m.group(3)));
            assertTrue(t.acc().fracBits() < t.output().fracBits(), l.name() + ": " + t);
            assertEquals(t.acc().intBits() + t.output().fracBits(), Integer.parseInt(m.group(2)), l.name());
        }
        assertTrue(named > 0, err);

        CliRun exact = quantize("8,8,8", "16", dir.resolve("exact.dsod"));
        assertEquals(0, exact.exit(), exact.err());
        assertEquals("", exact.err());
    }
}
