package org.dsodenet.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputPathsTest {
    @TempDir
    Path dir;

    @Test
    void anUnwritableDirectoryIsNamedAtTheNearestExistingAncestor() throws IOException {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Path out = locked.resolve("a/b/m.dsod");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OutputPaths.requireWritableFile(out, "--out", p -> !p.equals(locked)));
        assertEquals("--out " + out + ": directory " + locked + " is not writable", e.getMessage());
        assertDoesNotThrow(() -> OutputPaths.requireWritableFile(out, "--out", p -> true));
        assertEquals(1, count(dir), "checking created nothing");
        assertEquals(0, count(locked), "checking created nothing");
    }

    private static long count(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.count();
        }
    }

    @Test
    void theRootIsNeitherAFileNorAnOutputDirectory() {
        assertThrows(IllegalArgumentException.class, () -> OutputPaths.requireWritableFile(Path.of("/"), "--out"));
        assertThrows(IllegalArgumentException.class, () -> OutputPaths.requireWritableDirectory(Path.of("/"), "--out"));
    }
}
