package org.dsodenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** {@code adapt --adabn --im-weight --pseudo-weight}: a short run, and bad input refused before any work. */
class AdaptObjectivesCommandTest {
    @TempDir
    Path dir;

    private Path tinyModel() {
        ModelConfig cfg = ModelConfig.defaults(Arch.DSODENET).withInput(1, 8, 10).withChannels(new int[] {2, 3, 4})
                .withSteps(2, 0.5);
        Path m = dir.resolve("tiny.dsod");
        ModelFile.save(m, OdeNetModel.create(cfg, 3), null, new JsonObject());
        return m;
    }

    private CliRun adapt(String... extra) {
        List<String> a = new ArrayList<>(List.of("adapt", "--model", tinyModel().toString(), "--method", "source-only",
                "--source", "uci-digits", "--target", "uci-digits", "--epochs", "1", "--max-images", "64",
                "--out", dir.resolve("a.dsod").toString()));
        a.addAll(List.of(extra));
        return CliRun.of(a.toArray(String[]::new));
    }

    private void refused(String expected, CliRun r) {
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals("dsodenet: error: " + expected, r.err().strip());
        assertFalse(Files.exists(dir.resolve("a.dsod")), "nothing written");
    }

    @Test
    void everyObjectiveTogetherRunsAndIsRecordedInTheModel() {
        CliRun r = adapt("--adabn", "--im-weight", "0.5", "--pseudo-weight", "0.5", "--pseudo-threshold", "0.2");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("with source-only + im 0.5, pseudo 0.5 at 0.2, adabn"), r.out());
        assertEquals("im 0.5, pseudo 0.5 at 0.2, adabn",
                ModelFile.load(dir.resolve("a.dsod")).metadata().get("targetObjectives").getAsString());
    }

    @Test
    void aTargetWithFewerClassesThanTheModelIsRefused() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            StringBuilder s = new StringBuilder();
            for (int p = 0; p < 64; p++) {
                s.append((i + p) % 17).append(',');
            }
            lines.add(s.append(i % 5).toString());
        }
        Path csv = Files.write(dir.resolve("five.csv"), lines);
        List<String> a = new ArrayList<>(List.of("adapt", "--model", tinyModel().toString(), "--source", "uci-digits",
                "--target", csv.toString(), "--method", "mmd", "--epochs", "1", "--out", dir.resolve("a.dsod").toString()));
        refused("--target " + csv + " has 5 classes, the model " + dir.resolve("tiny.dsod")
                + " has 10; adapt needs the same classes", CliRun.of(a.toArray(String[]::new)));
    }

    @Test
    void badObjectiveValuesAreOneLineErrors() {
        refused("--pseudo-threshold must be in [0, 1), got 1.0", adapt("--pseudo-weight", "1", "--pseudo-threshold", "1"));
        refused("--im-weight must be a finite number >= 0, got -1.0", adapt("--im-weight", "-1"));
        refused("--pseudo-weight must be a finite number >= 0, got Infinity", adapt("--pseudo-weight", "Infinity"));
    }
}
