package org.dsodenet.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.security.SecureRandom;

/**
 * Writes a file all-or-nothing: the content goes to a temporary file in the target's directory, is flushed to disk,
 * and is then renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE}. Readers see either the old file
 * or the complete new one; if the writer fails, the temporary file is deleted and the old file is left as it was.
 * A new file gets the mode the umask gives (like any other tool); a replaced file keeps its mode.
 */
public final class AtomicFile {
    /** Produces the file content. It must not close the stream (closing is ignored). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFile() {}

    /**
     * Replaces {@code target} with what {@code content} writes, creating missing parent directories. I/O failures
     * are reported as {@link UncheckedIOException} naming the target; runtime exceptions from {@code content}
     * propagate unchanged. In both cases {@code target} is unchanged and no temporary file remains.
     */
    public static void write(Path target, Content content) {
        Path abs = target.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (dir == null || abs.getFileName() == null) {
            throw new IllegalArgumentException("cannot write to " + target);
        }
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException(target + " is a directory");
        }
        Path tmp = null;
        boolean moved = false;
        try {
            Files.createDirectories(dir);
            // Not Files.createTempFile: it makes the file owner-only whatever the umask, and the rename would keep
            // that mode, so nobody else (a Vitis container, another user) could read a model or checkpoint.
            tmp = dir.resolve("." + abs.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                content.writeTo(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        out.flush();
                    }
                });
                out.flush();
                ch.force(true);
            }
            keepMode(abs, tmp);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getClass().getSimpleName() + " "
                    + e.getMessage(), e);
        } finally {
            if (tmp != null && !moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is what the caller needs to see
                }
            }
        }
    }

    /** A replaced file keeps its mode (as an editor keeps it), so a file the user made private stays private. */
    private static void keepMode(Path old, Path tmp) throws IOException {
        if (Files.isRegularFile(old, LinkOption.NOFOLLOW_LINKS)
                && Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(old, LinkOption.NOFOLLOW_LINKS));
        }
    }

    /** Replaces {@code target} with {@code bytes}. */
    public static void write(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }
}
