package org.dsodenet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class AtomicFileTest {
    @TempDir
    Path dir;

    public static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesAndReplaces() throws IOException {
        Path f = dir.resolve("sub/out.txt");
        AtomicFile.write(f, "one".getBytes(StandardCharsets.UTF_8));
        assertEquals("one", Files.readString(f));
        AtomicFile.write(f, out -> {
            out.write("two".getBytes(StandardCharsets.UTF_8));
            out.close(); // closing is tolerated
        });
        assertEquals("two", Files.readString(f));
        assertEquals(List.of("out.txt"), names(f.getParent()));
    }

    @Test
    void failingWriterLeavesOldFileAndNoTemporary() throws IOException {
        Path f = dir.resolve("ckpt.bin");
        AtomicFile.write(f, "old content".getBytes(StandardCharsets.UTF_8));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFile.write(f, out -> {
            out.write(new byte[100_000]); // more than the buffer, so part of it reaches the temporary file
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().startsWith("cannot write " + f + ": IOException disk full"), e.getMessage());
        assertEquals("old content", Files.readString(f));
        assertEquals(List.of("ckpt.bin"), names(dir));

        assertThrows(IllegalStateException.class, () -> AtomicFile.write(f, out -> {
            out.write(1);
            throw new IllegalStateException("bug");
        }));
        assertEquals("old content", Files.readString(f));
        assertEquals(List.of("ckpt.bin"), names(dir));
    }

    @Test
    void failingFirstWriteCreatesNothing() throws IOException {
        Path f = dir.resolve("new.bin");
        assertThrows(UncheckedIOException.class, () -> AtomicFile.write(f, out -> {
            throw new IOException("no");
        }));
        assertEquals(List.of(), names(dir));
    }

    @Test
    void directoryTargetIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AtomicFile.write(dir, new byte[1]));
        assertEquals(dir + " is a directory", e.getMessage());
    }

    @Test
    void newFileFollowsTheUmaskLikeAFileCreatedDirectly() throws IOException {
        Path probe = Files.createFile(dir.resolve("probe"));
        Path f = dir.resolve("model.dsod");
        AtomicFile.write(f, new byte[] {1, 2, 3});
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(probe)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertTrue(Files.getPosixFilePermissions(f).contains(PosixFilePermission.OWNER_WRITE));
    }

    @Test
    void replacedFileKeepsItsMode() throws IOException {
        Path f = dir.resolve("private.ckpt");
        AtomicFile.write(f, new byte[] {1});
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFile.write(f, new byte[] {2});
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(2, Files.readAllBytes(f)[0]);
    }
}
