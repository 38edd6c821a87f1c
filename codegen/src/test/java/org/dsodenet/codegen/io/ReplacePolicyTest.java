package org.dsodenet.codegen.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check() only reads, so these cases are safe to run against real directories such as the current one. */
class ReplacePolicyTest {
    private static final String MARKER = "project.json";

    @TempDir
    Path tmp;

    private static ReplacePolicy force(Path... inputs) {
        return new ReplacePolicy(true, MARKER, List.of(inputs));
    }

    private static void refused(ReplacePolicy p, Path target, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.check(target));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void absentAndEmptyDirectoriesAreFine() throws IOException {
        assertDoesNotThrow(() -> new ReplacePolicy(false, MARKER, List.of()).check(tmp.resolve("new/prj")));
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertDoesNotThrow(() -> new ReplacePolicy(false, MARKER, List.of()).check(empty));
    }

    @Test
    void aFileIsNeverReplaced() throws IOException {
        Path f = Files.writeString(tmp.resolve("f"), "x");
        refused(force(), f, "is not a directory");
    }

    @Test
    void anUnmarkedDirectoryIsRefusedEvenWithForce() throws IOException {
        Path d = Files.createDirectory(tmp.resolve("d"));
        Files.writeString(d.resolve("mine.txt"), "x");
        refused(new ReplacePolicy(false, MARKER, List.of()), d, "use --force");
        refused(force(), d, "not an earlier export");
        Files.writeString(d.resolve(MARKER), "{}");
        assertDoesNotThrow(() -> force().check(d));
    }

    @Test
    void anEarlierExportHoldingAnInputIsRefused() throws IOException {
        Path d = Files.createDirectory(tmp.resolve("prj"));
        Files.writeString(d.resolve(MARKER), "{}");
        Path model = Files.writeString(Files.createDirectories(d.resolve("deep/er")).resolve("m.dsod"), "model");
        Path outside = Files.writeString(tmp.resolve("other.dsod"), "model");
        refused(force(outside, model), d, "holds the input " + model);
        refused(force(tmp.resolve("missing"), d.resolve("deep")), d, "holds the input");
        assertDoesNotThrow(() -> force(outside).check(d));
        // The same directory through a symbolic link is the same directory.
        Path link = Files.createSymbolicLink(tmp.resolve("link"), d);
        refused(force(model), link, "holds the input");
    }

    @Test
    void theCurrentAndHomeDirectoriesAndTheirAncestorsAreNeverReplaced() {
        Path cwd = Path.of("").toAbsolutePath();
        refused(force(), cwd, "current or home directory");
        refused(force(), Path.of("."), "current or home directory");
        refused(force(), cwd.getParent(), "current or home directory");
        refused(force(), Path.of(System.getProperty("user.home")), "current or home directory");
        refused(force(), Path.of("/"), "root");
    }
}
