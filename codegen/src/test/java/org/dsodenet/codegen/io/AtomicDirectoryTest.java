package org.dsodenet.codegen.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicDirectoryTest {
    @TempDir
    Path tmp;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void treeFollowsTheUmaskLikeDirectoriesAndFilesCreatedDirectly() throws IOException {
        Path probeDir = Files.createDirectory(tmp.resolve("probe-dir"));
        Path probeFile = Files.createFile(tmp.resolve("probe-file"));
        Path out;
        try (AtomicDirectory d = AtomicDirectory.create(tmp.resolve("prj"), new ReplacePolicy(false, "marker", List.of()))) {
            d.writeString("sub/file.txt", "x");
            out = d.commit();
        }
        assertEquals(mode(probeDir), mode(out));
        assertEquals(mode(probeDir), mode(out.resolve("sub")));
        assertEquals(mode(probeFile), mode(out.resolve("sub/file.txt")));
    }

    @Test
    void executablesAreExecutableWhereverTheyAreReadable() throws IOException {
        Path probe = Files.createFile(tmp.resolve("probe"));
        Path out;
        try (AtomicDirectory d = AtomicDirectory.create(tmp.resolve("prj"), new ReplacePolicy(false, "marker", List.of()))) {
            d.writeString("run.sh", "#!/bin/sh\n");
            d.makeExecutable("run.sh");
            out = d.commit();
        }
        StringBuilder expected = new StringBuilder(mode(probe));
        for (int i = 0; i < 9; i += 3) {
            if (expected.charAt(i) == 'r') {
                expected.setCharAt(i + 2, 'x');
            }
        }
        assertEquals(expected.toString(), mode(out.resolve("run.sh")));
    }
}
