package org.dsodenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import org.dsodenet.data.Dataset;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.ops.fixed.FixedForward;
import org.dsodenet.quant.Quantizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eval --fixed --json} reports the conversion counters of the bit-exact forward (the sweep reads them). */
class EvalConversionsTest {
    @TempDir
    Path dir;

    @Test
    void fixedJsonCountsEveryConversionOfEveryImage() {
        Path m = dir.resolve("m.dsod");
        Path q = dir.resolve("q.dsod");
        assertEquals(0, CliRun.of("train", "--max-images", "64", "--epochs", "1", "--channels", "2,4,4", "--steps", "2",
                "--out", m.toString()).exit());
        // 4-bit activations saturate on some images, so the counters are not all zero.
        assertEquals(0, CliRun.of("quantize", "--model", m.toString(), "--precision", "4,4,6", "--calib-images", "16",
                "--out", q.toString()).exit());
        CliRun eval = CliRun.of("eval", "--model", q.toString(), "--data", "uci-digits", "--fixed", "--max-images", "30",
                "--json");
        assertEquals(0, eval.exit(), eval.err());
        JsonObject c = JsonParser.parseString(eval.out()).getAsJsonObject().getAsJsonObject("conversions");

        ModelFile.Loaded loaded = ModelFile.load(q);
        Dataset d = DataOptions.limit(DataOptions.load("uci-digits", loaded.model().config(), DataOptions.Part.TEST), 30, 1);
        FixedStats expected = new FixedStats();
        FixedForward fwd = new FixedForward(loaded.quantized());
        for (int i = 0; i < d.size(); i++) {
            expected.add(fwd.run(Quantizer.quantizeInput(loaded.quantized(), d.image(i))).stats());
        }
        assertTrue(expected.conversions > 0);
        assertEquals(expected.conversions, c.get("conversions").getAsLong());
        assertEquals(expected.quantized, c.get("quantized").getAsLong());
        assertEquals(expected.saturated, c.get("saturated").getAsLong());
        assertEquals(expected.wrapped, c.get("wrapped").getAsLong());
    }

    @Test
    void floatJsonHasNoConversions() {
        Path m = dir.resolve("m.dsod");
        assertEquals(0, CliRun.of("train", "--max-images", "32", "--epochs", "1", "--channels", "2,4,4", "--steps", "2",
                "--out", m.toString()).exit());
        CliRun eval = CliRun.of("eval", "--model", m.toString(), "--max-images", "10", "--json");
        assertFalse(JsonParser.parseString(eval.out()).getAsJsonObject().has("conversions"));
    }
}
