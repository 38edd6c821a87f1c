package org.dsodenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dsodenet quantize --qat-epochs}: the same types as post-training quantization, fine-tuned raws. */
class QatQuantizeCommandTest {
    @TempDir
    Path dir;

    @Test
    void qatKeepsTheTypesOfPostTrainingQuantizationAndChangesRaws() {
        Path model = TinyModel.save(dir.resolve("tiny.model"), 3);
        Path ptq = dir.resolve("ptq.model");
        Path qat = dir.resolve("qat.model");
        CliRun a = CliRun.of("quantize", "--model", model.toString(), "--precision", "4,8,8", "--calib", "uci-digits",
                "--calib-images", "64", "--out", ptq.toString());
        assertEquals(0, a.exit(), a.err());
        CliRun b = CliRun.of("quantize", "--model", model.toString(), "--precision", "4,8,8", "--calib", "uci-digits",
                "--calib-images", "64", "--qat-epochs", "1", "--qat-images", "96", "--qat-lr", "3e-3",
                "--out", qat.toString());
        assertEquals(0, b.exit(), b.err());
        assertTrue(b.out().contains("QAT: 3 steps on 96 images"), b.out());
        ModelFile.Loaded p = ModelFile.load(ptq);
        ModelFile.Loaded q = ModelFile.load(qat);
        assertEquals(types(p.quantized()), types(q.quantized()));
        assertNotEquals(raws(p.quantized()), raws(q.quantized()));
        assertTrue(q.metadata().has("qat"));
        assertFalse(p.metadata().has("qat"));
    }

    @Test
    void layerPrecisionOverridesReachTheModelFileAndTyposAreRefused() {
        Path model = TinyModel.save(dir.resolve("tiny.model"), 3);
        Path out = dir.resolve("mixed.model");
        CliRun ok = CliRun.of("quantize", "--model", model.toString(), "--precision", "fx8", "--layer-precision",
                "fc=16,16,16", "--layer-precision", "stage*.f.pw?=6,8,8", "--calib", "uci-digits", "--calib-images",
                "32", "--out", out.toString());
        assertEquals(0, ok.exit(), ok.err());
        ModelFile.Loaded q = ModelFile.load(out);
        assertEquals("fx8; fc=w16a16s16; stage*.f.pw?=w6a8s8", q.metadata().get("precision").getAsString());
        for (QLayer l : QNetwork.flatten(q.quantized().layers())) {
            if (l instanceof QLinear f) {
                assertEquals(16, f.types().weight().width());
            } else if (l instanceof QPointwiseConv2d c) {
                assertEquals(c.name().contains(".f.pw") ? 6 : 8, c.types().weight().width(), c.name());
            }
        }
        Path never = dir.resolve("never.model");
        CliRun typo = CliRun.of("quantize", "--model", model.toString(), "--layer-precision", "fcc=fx16",
                "--calib", "uci-digits", "--calib-images", "32", "--out", never.toString());
        assertNotEquals(0, typo.exit());
        assertTrue(typo.err().contains("'fcc' matches no layer"), typo.err());
        assertEquals(1, typo.err().strip().lines().count(), typo.err());
        assertFalse(Files.exists(never));
    }

    @Test
    void negativeEpochsAreRejectedWithoutWritingAFile() {
        Path out = dir.resolve("never.model");
        CliRun r = CliRun.of("quantize", "--model", dir.resolve("missing.model").toString(), "--qat-epochs", "-1",
                "--out", out.toString());
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("--qat-epochs"), r.err());
        assertFalse(Files.exists(out));
    }

    private static List<String> types(QNetwork n) {
        List<String> out = new ArrayList<>();
        out.add(n.inputType().toString());
        for (QLayer l : QNetwork.flatten(n.layers())) {
            out.add(l.name() + " " + l.outputType() + (l instanceof QLinear f ? " " + f.types()
                    : l instanceof QPointwiseConv2d c ? " " + c.types() : ""));
        }
        return out;
    }

    private static List<String> raws(QNetwork n) {
        List<String> out = new ArrayList<>();
        for (QLayer l : QNetwork.flatten(n.layers())) {
            if (l instanceof QLinear f) {
                out.add(Arrays.toString(f.weights()) + Arrays.toString(f.bias()));
            } else if (l instanceof QPointwiseConv2d c) {
                out.add(Arrays.toString(c.weights()) + Arrays.toString(c.bias()));
            }
        }
        return out;
    }
}
