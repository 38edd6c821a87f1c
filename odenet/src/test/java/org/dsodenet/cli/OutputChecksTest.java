package org.dsodenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every output path is checked before any work: a wrong one is a one-line error and nothing runs or is written. */
class OutputChecksTest {
    @TempDir
    Path dir;

    private static final String[] TINY_TRAIN = {"train", "--channels", "2,4,4", "--steps", "2", "--max-images", "64",
        "--epochs", "1"};

    /** Runs a command that must refuse at once: exit 2, one error line naming {@code flag}, no work started. */
    private void refused(String flag, String... args) throws IOException {
        List<String> before = tree();
        CliRun r = CliRun.of(args);
        String all = String.join(" ", args);
        assertEquals(2, r.exit(), all + "\n" + r.out() + r.err());
        String err = r.err().strip();
        assertTrue(err.startsWith("dsodenet: error: " + flag + " "), all + " -> " + err);
        assertEquals(1, err.lines().count(), err);
        assertEquals("", r.out(), all + ": work started before the output check");
        assertEquals(before, tree(), all + " changed the file tree");
    }

    private List<String> tree() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    private static String[] train(String... more) {
        String[] a = Arrays.copyOf(TINY_TRAIN, TINY_TRAIN.length + more.length);
        System.arraycopy(more, 0, a, TINY_TRAIN.length, more.length);
        return a;
    }

    private Path tinyModel() {
        return TinyModel.save(dir.resolve("tiny.dsod"), 3);
    }

    @Test
    void trainOutIsADirectory() throws IOException {
        Path d = Files.createDirectory(dir.resolve("runs"));
        refused("--out", train("--out", d + "/"));
    }

    @Test
    void trainOutEndsWithASlash() throws IOException {
        refused("--out", train("--out", dir.resolve("runs") + "/"));
        refused("--checkpoint", train("--out", dir.resolve("m.dsod").toString(), "--checkpoint", dir.resolve("ck") + "/"));
        refused("--out", "quantize", "--model", dir.resolve("m.dsod").toString(), "--out", dir.resolve("q") + "/");
    }

    @Test
    void trainOutBelowAFile() throws IOException {
        Path f = Files.writeString(dir.resolve("notes.txt"), "mine");
        refused("--out", train("--out", f.resolve("m.dsod").toString()));
        assertEquals("mine", Files.readString(f));
    }

    @Test
    void trainCheckpointIsADirectory() throws IOException {
        Path d = Files.createDirectory(dir.resolve("ck"));
        refused("--checkpoint", train("--out", dir.resolve("m.dsod").toString(), "--checkpoint", d.toString()));
    }

    @Test
    void trainCheckpointSameAsOut() throws IOException {
        Path m = dir.resolve("m.dsod");
        refused("--checkpoint", train("--out", m.toString(), "--checkpoint", m.toString()));
    }

    @Test
    void trainMetricsIsAFile() throws IOException {
        Path f = Files.writeString(dir.resolve("metrics"), "mine");
        refused("--metrics", train("--out", dir.resolve("m.dsod").toString(), "--metrics", f.toString()));
    }

    @Test
    void trainMetricsFileIsADirectory() throws IOException {
        Path m = Files.createDirectories(dir.resolve("metrics/train.json"));
        refused("--metrics", train("--out", dir.resolve("m.dsod").toString(), "--metrics", m.getParent().toString()));
    }

    @Test
    void resumeFromAMissingCheckpoint() throws IOException {
        refused("--resume:", train("--out", dir.resolve("m.dsod").toString(), "--checkpoint",
                dir.resolve("missing.ckpt").toString(), "--resume"));
    }

    @Test
    void adaptOutIsADirectory() throws IOException {
        Path m = tinyModel();
        Path d = Files.createDirectory(dir.resolve("adapted"));
        refused("--out", "adapt", "--model", m.toString(), "--method", "source-only", "--source", "uci-digits",
                "--target", "uci-digits", "--epochs", "1", "--out", d.toString());
    }

    @Test
    void adaptMetricsIsAFile() throws IOException {
        Path m = tinyModel();
        Path f = Files.writeString(dir.resolve("metrics.csv"), "mine");
        refused("--metrics", "adapt", "--model", m.toString(), "--method", "source-only", "--source", "uci-digits",
                "--target", "uci-digits", "--epochs", "1", "--out", dir.resolve("a.dsod").toString(),
                "--metrics", f.toString());
    }

    @Test
    void quantizeOutIsADirectory() throws IOException {
        Path m = tinyModel();
        Path d = Files.createDirectory(dir.resolve("q"));
        refused("--out", "quantize", "--model", m.toString(), "--calib", "uci-digits", "--calib-images", "16",
                "--out", d.toString());
    }

    @Test
    void exportOutIsAFile() throws IOException {
        Path f = Files.writeString(dir.resolve("hls"), "mine");
        refused("--out", "export-hls", "--model", dir.resolve("q.dsod").toString(), "--out", f.toString(), "--force");
        assertEquals("mine", Files.readString(f));
    }

    @Test
    void demoOutIsAFile() throws IOException {
        Path f = Files.writeString(dir.resolve("runs"), "mine");
        refused("--out", "demo", "--quick", "--out", f.toString());
    }

    @Test
    void demoDoesNotReplaceAnHlsFolderThatIsNotAnEarlierExport() throws IOException {
        Path hls = Files.createDirectories(dir.resolve("runs/hls"));
        Files.writeString(hls.resolve("my-project.cpp"), "mine");
        refused("--out", "demo", "--quick", "--out", hls.getParent().toString());
        assertEquals("mine", Files.readString(hls.resolve("my-project.cpp")));
    }

    @Test
    void aWritableOutputIsAccepted() throws IOException {
        Path out = dir.resolve("new/sub/m.dsod");
        CliRun r = CliRun.of(train("--out", out.toString(), "--checkpoint", dir.resolve("ck/run.ckpt").toString(),
                "--metrics", dir.resolve("metrics").toString()));
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.isRegularFile(out));
        assertTrue(Files.isRegularFile(dir.resolve("ck/run.ckpt")));
        assertTrue(Files.isRegularFile(dir.resolve("metrics/train.csv")));
        assertFalse(r.err().contains("error"), r.err());
    }
}
