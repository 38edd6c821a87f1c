package org.dsodenet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --resume} continues only the run its checkpoint came from. */
class ResumeCommandTest {
    @TempDir
    Path dir;

    private CliRun train(String data, int epochs, Path out, boolean resume) {
        Path ck = dir.resolve("run.ckpt");
        return CliRun.of("train", "--channels", "2,4,4", "--steps", "2", "--data", data, "--max-images", "64",
                "--epochs", String.valueOf(epochs), "--checkpoint", ck.toString(), "--out", out.toString(),
                resume ? "--resume" : "--seed=1");
    }

    private static void refused(CliRun r, String expected, Path notWritten) {
        assertEquals(2, r.exit(), r.out() + r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("dsodenet: error: ") && err.contains(expected), err);
        assertFalse(Files.exists(notWritten), notWritten + " was written");
    }

    @Test
    void anotherDataSetOrFewerEpochsAreRefusedAndTheCheckpointStays() throws IOException {
        CliRun first = train("uci-digits", 2, dir.resolve("a.dsod"), false);
        assertEquals(0, first.exit(), first.err());
        byte[] ck = Files.readAllBytes(dir.resolve("run.ckpt"));

        refused(train("mnist", 2, dir.resolve("b.dsod"), true), "trained on source data 'uci-digits'", dir.resolve("b.dsod"));
        refused(train("uci-digits", 1, dir.resolve("c.dsod"), true), "already trained 2 epochs", dir.resolve("c.dsod"));
        assertArrayEquals(ck, Files.readAllBytes(dir.resolve("run.ckpt")), "a refused resume changed the checkpoint");

        CliRun same = train("uci-digits", 2, dir.resolve("d.dsod"), true);
        assertEquals(0, same.exit(), same.err());
        assertTrue(Files.isRegularFile(dir.resolve("d.dsod")));
    }

    @Test
    void aResumedRunKeepsTheMetricsOfTheFirstPart() throws IOException {
        Path ck = dir.resolve("run.ckpt");
        Path metrics = dir.resolve("metrics");
        String[] common = {"train", "--channels", "2,4,4", "--steps", "2", "--data", "uci-digits", "--max-images", "64",
            "--freeze-bn-epochs", "0", "--checkpoint", ck.toString(), "--metrics", metrics.toString()};
        CliRun first = CliRun.of(concat(common, "--epochs", "1", "--out", dir.resolve("a.dsod").toString()));
        assertEquals(0, first.exit(), first.err());
        CliRun second = CliRun.of(concat(common, "--epochs", "2", "--resume", "--out", dir.resolve("b.dsod").toString()));
        assertEquals(0, second.exit(), second.err());
        List<String> rows = Files.readAllLines(metrics.resolve("train.csv"));
        assertEquals(3, rows.size(), String.join("\n", rows));
        assertTrue(rows.get(1).startsWith("0,") && rows.get(2).startsWith("1,"), String.join("\n", rows));
    }

    private static String[] concat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
