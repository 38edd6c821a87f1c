package org.dsodenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dsodenet.odenet.eval.Evaluator;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.odenet.model.ParamReport;
import org.dsodenet.report.GapClosure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dsodenet demo --quick}: every step of the main job runs on tiny sizes and leaves consistent artefacts. The
 * full-size demo is timed by {@code bench/demo-timing.sh}, not here.
 */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void quickDemoWritesSummaryReportModelAndAVerifiedHlsProject() throws IOException {
        Path out = dir.resolve("demo");
        CliRun r = CliRun.of("demo", "--quick", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());

        JsonObject sum = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
        Set<String> rows = new HashSet<>();
        for (JsonElement e : sum.getAsJsonArray("accuracy")) {
            JsonObject a = e.getAsJsonObject();
            double acc = a.get("accuracy").getAsDouble();
            assertTrue(acc >= 0 && acc <= 1, a.toString());
            rows.add(a.get("domain").getAsString() + "|" + a.get("method").getAsString() + "|" + a.get("precision").getAsString());
        }
        for (String d : new String[] {"mnist", "uci-digits"}) {
            for (String m : new String[] {"source-only|float", "target-oracle|float", "distill|float", "distill|fx16",
                    "distill|mixed", "distill|fx8", "distill + QAT-DA|fx8", "distill + QAT-DA|fx16"}) {
                assertTrue(rows.contains(d + "|" + m), d + "|" + m + " missing from " + rows);
            }
        }
        JsonObject be = sum.getAsJsonObject("bitExact");
        assertTrue(be.get("passed").getAsBoolean(), be.toString());
        assertTrue(be.get("valuesCompared").getAsLong() > 1000, be.toString());
        assertEquals(0, be.get("mismatches").getAsLong());
        ModelFile.Loaded deployed = ModelFile.load(out.resolve("models/student-distill-fx16.dsod"));
        assertEquals(deployed.model().config().toJson(), sum.get("config"));
        // The default augmentation, recorded with the run.
        assertEquals("digits", sum.get("augment").getAsString());

        // The exported fx16 network is the one whose accuracy the summary reports.
        double reported = -1;
        for (JsonElement e : sum.getAsJsonArray("accuracy")) {
            JsonObject a = e.getAsJsonObject();
            if (a.get("domain").getAsString().equals("mnist") && a.get("precision").getAsString().equals("fx16")
                    && a.get("method").getAsString().equals("distill + QAT-DA")) {
                reported = a.get("accuracy").getAsDouble();
            }
        }
        Demo.Settings s = Demo.Settings.quick("mnist", "uci-digits", 1, null);
        var srcTest = DataOptions.limit(DataOptions.load("mnist", deployed.model().config(), DataOptions.Part.TEST),
                s.evalImages(), s.seed());
        assertEquals(reported, Evaluator.fixed(deployed.quantized(), srcTest).accuracy(), 0.0);

        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("Confusion matrices") && html.contains("Training curves")
                && html.contains("Quantization per layer") && html.contains("Domain gap closed"), "report sections");
        assertGapMatchesTheAccuracies(sum);
        // The oracle in the summary is the saved model, trained on the target's labels.
        var tgtTest = DataOptions.limit(DataOptions.load("uci-digits", deployed.model().config(), DataOptions.Part.TEST),
                s.evalImages(), s.seed());
        // The QAT-DA fx8 network in the summary is the saved one.
        double qatDa8 = sum.getAsJsonObject("gap").getAsJsonArray("closed").asList().stream()
                .map(JsonElement::getAsJsonObject)
                .filter(c -> c.get("method").getAsString().equals("distill + QAT-DA")
                        && c.get("precision").getAsString().equals("fx8"))
                .findFirst().orElseThrow().get("accuracy").getAsDouble();
        assertEquals(qatDa8, Evaluator.fixed(ModelFile.load(out.resolve("models/student-distill-fx8.dsod")).quantized(),
                tgtTest).accuracy(), 0.0);
        assertEquals(sum.getAsJsonObject("gap").get("oracle").getAsDouble(),
                Evaluator.floatModel(ModelFile.load(out.resolve("models/target-oracle.dsod")).model(), tgtTest)
                        .accuracy(), 0.0);
        assertTrue(Files.isRegularFile(out.resolve("hls/Makefile")));
        // The teacher ends its alignment with an epoch of MMD + information maximisation by default.
        assertTrue(Files.isRegularFile(out.resolve("metrics/teacher-mmd-im.csv")), "teacher MMD + IM epoch");
        // QAT-DA trains two quantized epochs at each precision by default (one row per epoch after the header).
        for (String p : new String[] {"fx8", "fx16"}) {
            assertEquals(3, Files.readAllLines(out.resolve("metrics/student-qat-da-" + p + ".csv")).size(),
                    "QAT-DA " + p + " epochs");
        }
    }

    /**
     * summary.json's gap: its ends are the target accuracies of source-only and of the oracle, and every adapted
     * model's share is (adapted - source-only) / (oracle - source-only), or null when there is no gap to share.
     */
    private static void assertGapMatchesTheAccuracies(JsonObject sum) {
        String target = sum.get("target").getAsString();
        Map<String, Double> acc = new HashMap<>();
        for (JsonElement e : sum.getAsJsonArray("accuracy")) {
            JsonObject a = e.getAsJsonObject();
            if (a.get("domain").getAsString().equals(target)) {
                acc.put(a.get("method").getAsString() + "|" + a.get("precision").getAsString(),
                        a.get("accuracy").getAsDouble());
            }
        }
        JsonObject gap = sum.getAsJsonObject("gap");
        double so = gap.get("sourceOnly").getAsDouble();
        double oracle = gap.get("oracle").getAsDouble();
        assertEquals(acc.get("source-only|float"), so, 0.0);
        assertEquals(acc.get("target-oracle|float"), oracle, 0.0);
        Set<String> closed = new HashSet<>();
        for (JsonElement e : gap.getAsJsonArray("closed")) {
            JsonObject c = e.getAsJsonObject();
            String key = c.get("method").getAsString() + "|" + c.get("precision").getAsString();
            closed.add(key);
            double a = c.get("accuracy").getAsDouble();
            assertEquals(acc.get(key), a, 0.0, key);
            if (oracle - so >= GapClosure.MIN_GAP) {
                assertEquals((a - so) / (oracle - so), c.get("closed").getAsDouble(), 1e-12, key);
            } else {
                assertTrue(c.get("closed").isJsonNull(), key + ": no gap, no share");
            }
        }
        assertEquals(Set.of("teacher (float, MMD-aligned)|float", "distill|float", "distill|fx16", "distill|mixed",
                "distill|fx8", "distill + QAT-DA|fx8", "distill + QAT-DA|fx16"), closed);
    }

    @Test
    void quickOdenetStudentIsAdaptedTheSameWay() throws IOException {
        Path out = dir.resolve("odenet");
        CliRun r = CliRun.of("demo", "--quick", "--arch", "odenet", "--teacher-im-epochs", "0", "--out",
                out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.isRegularFile(out.resolve("metrics/teacher-mmd.csv")));
        assertTrue(!Files.exists(out.resolve("metrics/teacher-mmd-im.csv")), "--teacher-im-epochs 0: MMD only");
        JsonObject sum = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
        assertEquals("odenet", sum.getAsJsonObject("config").get("arch").getAsString().toLowerCase(Locale.ROOT));
        JsonObject params = sum.getAsJsonObject("params");
        assertEquals(ParamReport.of(ModelFile.load(out.resolve("models/student-distill-fx16.dsod")).model().config())
                .total(), params.get("student").getAsLong());
        assertTrue(params.get("student").getAsLong() > params.get("dsodenetTotal").getAsLong(), params.toString());
        assertGapMatchesTheAccuracies(sum);
        assertTrue(sum.getAsJsonObject("bitExact").get("passed").getAsBoolean(), sum.get("bitExact").toString());
    }

    @Test
    void aResnetStudentOrANegativeObjectiveWeightIsRefusedBeforeAnythingIsWritten() {
        Path out = dir.resolve("never");
        CliRun r = CliRun.of("demo", "--quick", "--arch", "resnet", "--out", out.toString());
        assertEquals(2, r.exit());
        assertEquals("dsodenet: error: demo --arch must be dsodenet or odenet, got resnet", r.err().strip());
        r = CliRun.of("demo", "--quick", "--im-weight", "-1", "--out", out.toString());
        assertEquals(2, r.exit());
        assertEquals("dsodenet: error: --im-weight must be a finite number >= 0, got -1.0", r.err().strip());
        assertTrue(!Files.exists(out));
    }

    @Test
    void aNegativeTeacherImEpochCountIsRefusedBeforeAnythingIsWritten() {
        Path out = dir.resolve("never");
        CliRun r = CliRun.of("demo", "--quick", "--teacher-im-epochs", "-1", "--out", out.toString());
        assertEquals(2, r.exit());
        assertEquals("dsodenet: error: --teacher-im-epochs must be >= 0, got -1", r.err().strip());
        assertTrue(!Files.exists(out));
    }

    @Test
    void quickRgbDemoOnTheColourDomainIsBitExact() throws IOException {
        Path out = dir.resolve("rgb");
        CliRun r = CliRun.of("demo", "--quick", "--target", "mnistm-like", "--in-channels", "3", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonObject sum = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
        assertEquals(3, sum.getAsJsonObject("config").get("inChannels").getAsInt());
        assertEquals("mnistm-like", sum.get("target").getAsString());
        assertTrue(sum.getAsJsonObject("bitExact").get("passed").getAsBoolean(), sum.get("bitExact").toString());
        assertEquals(3, ModelFile.load(out.resolve("models/student-distill-fx16.dsod")).quantized().input().c());
    }

    @Test
    void onlyGreyOrRgbInputsAreAccepted() {
        Path out = dir.resolve("never");
        CliRun r = CliRun.of("demo", "--quick", "--in-channels", "2", "--out", out.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--in-channels must be 1 or 3"), r.err());
        assertTrue(!Files.exists(out));
    }
}
