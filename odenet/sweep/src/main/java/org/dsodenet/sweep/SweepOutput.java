package org.dsodenet.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Checks {@code --out} before anything runs: it must be a new or empty directory, or an earlier sweep's (holding
 * {@link ResultStore#MARKER}), so that the sweep never writes over files it did not make.
 */
final class SweepOutput {
    private SweepOutput() {}

    static void check(Path out) {
        Path abs = out.toAbsolutePath().normalize();
        if (abs.getFileName() == null) {
            throw new IllegalArgumentException("--out " + out + " is the file-system root");
        }
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IllegalArgumentException("--out " + out + " is a file; it must name a directory");
        }
        if (Files.isDirectory(abs) && !Files.exists(abs.resolve(ResultStore.MARKER)) && !empty(abs)) {
            throw new IllegalArgumentException("--out " + out + " is not empty and holds no earlier sweep (no "
                    + ResultStore.MARKER + "); give a new or empty directory");
        }
        Path existing = abs;
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (!Files.isDirectory(existing)) {
            throw new IllegalArgumentException("--out " + out + ": " + existing + " is not a directory");
        }
        if (!Files.isWritable(existing)) {
            throw new IllegalArgumentException("--out " + out + ": directory " + existing + " is not writable");
        }
    }

    private static boolean empty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
