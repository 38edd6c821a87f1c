package org.dsodenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI path from training to a verified HLS project, on a tiny model, and its errors on bad input. */
class PipelineCommandsTest {
    @TempDir
    Path dir;

    private static final String[] TINY = {"--channels", "2,4,4", "--steps", "2"};

    @Test
    void trainQuantizeEvalExportVerify() throws IOException {
        Path m = dir.resolve("m.dsod");
        CliRun train = CliRun.of(concat(new String[] {"train", "--data", "mnist", "--max-images", "64", "--epochs", "1",
                "--out", m.toString()}, TINY));
        assertEquals(0, train.exit(), train.err());
        assertTrue(train.out().contains("test accuracy"), train.out());

        Path q = dir.resolve("q.dsod");
        CliRun quant = CliRun.of("quantize", "--model", m.toString(), "--precision", "8,8,10", "--calib-images", "32",
                "--out", q.toString());
        assertEquals(0, quant.exit(), quant.err());
        assertTrue(quant.out().contains("stage1.ode"), quant.out());

        CliRun eval = CliRun.of("eval", "--model", q.toString(), "--data", "uci-digits", "--fixed", "--max-images", "40", "--json");
        assertEquals(0, eval.exit(), eval.err());
        JsonObject e = JsonParser.parseString(eval.out()).getAsJsonObject();
        assertEquals(40, e.get("images").getAsInt());
        assertEquals("fixed", e.get("arithmetic").getAsString());
        int sum = 0;
        for (var row : e.getAsJsonArray("confusion")) {
            for (var v : row.getAsJsonArray()) {
                sum += v.getAsInt();
            }
        }
        assertEquals(40, sum);

        Path hls = dir.resolve("hls");
        CliRun exp = CliRun.of("export-hls", "--model", q.toString(), "--out", hls.toString(), "--part", "ultra96",
                "--weights", "rom", "--tb-images", "1");
        assertEquals(0, exp.exit(), exp.err());
        assertTrue(exp.out().contains("Ultra96"), exp.out());
        assertTrue(Files.exists(hls.resolve("firmware/params_rom.h")));

        CliRun again = CliRun.of("export-hls", "--model", q.toString(), "--out", hls.toString());
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("--force"), again.err());

        CliRun verify = CliRun.of("verify-hls", "--model", q.toString(), "--hls", hls.toString(), "--images", "3");
        assertEquals(0, verify.exit(), verify.out() + verify.err());
        Matcher r = Pattern.compile("(\\d+) values compared, (\\d+) mismatches").matcher(verify.lastLine());
        assertTrue(r.matches(), verify.lastLine());
        assertTrue(Long.parseLong(r.group(1)) > 1000, verify.lastLine());
        assertEquals("0", r.group(2));

        // A project verified against a different model's values must fail, with exit code 1.
        Path q2 = dir.resolve("q2.dsod");
        assertEquals(0, CliRun.of("quantize", "--model", m.toString(), "--precision", "fx16", "--calib-images", "32",
                "--out", q2.toString()).exit());
        CliRun wrong = CliRun.of("verify-hls", "--model", q2.toString(), "--hls", hls.toString(), "--images", "1");
        assertNotEquals(0, wrong.exit(), wrong.out());
    }

    @Test
    void badInputIsOneLineWithNonZeroExit() throws IOException {
        Path junk = dir.resolve("junk.dsod");
        Files.writeString(junk, "not a model");
        Path cfg = dir.resolve("c.json");
        Files.writeString(cfg, "{\"steps\": -1}");
        String[][] cases = {
            {"eval", "--model", junk.toString()},
            {"eval", "--model", dir.resolve("missing.dsod").toString()},
            {"train", "--data", "no-such-data", "--out", dir.resolve("x.dsod").toString()},
            {"train", "--model-config", cfg.toString(), "--out", dir.resolve("x.dsod").toString()},
            {"quantize", "--model", junk.toString(), "--out", dir.resolve("y.dsod").toString()},
            {"quantize", "--model", junk.toString(), "--precision", "fx3", "--out", dir.resolve("y.dsod").toString()},
            {"params", "vgg"},
            {"verify-hls", "--model", junk.toString(), "--hls", dir.toString()},
            {"train", "--epochs", "0", "--out", dir.resolve("x.dsod").toString()},
            {"train", "--epochs", "2", "--freeze-bn-epochs", "3", "--max-images", "64", "--out", dir.resolve("x.dsod").toString()},
            {"quantize", "--model", junk.toString(), "--layer-precision", "fc", "--out", dir.resolve("y.dsod").toString()},
        };
        for (String[] args : cases) {
            CliRun r = CliRun.of(args);
            assertNotEquals(0, r.exit(), String.join(" ", args));
            String err = r.err().strip();
            assertTrue(err.startsWith("dsodenet: error:"), String.join(" ", args) + " -> " + err);
            assertEquals(1, err.lines().count(), err);
        }
        assertTrue(Files.notExists(dir.resolve("x.dsod")) && Files.notExists(dir.resolve("y.dsod")), "no half-written output");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
