package org.dsodenet.codegen.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which existing directory a generated tree may replace. An absent or empty directory is always fine. A non-empty
 * one is replaced only with {@code force}, and then only when it is recognisably an earlier output (it holds the
 * {@code marker} file the generator writes) and holds none of the command's {@code inputs} at any depth. The
 * current directory, the home directory and their ancestors are never replaced: a mistyped {@code --out .} or
 * {@code --out ~} must not delete a user's work.
 *
 * @param force  replace an earlier output
 * @param marker name of the file every output of the generator holds at its top
 * @param inputs files and directories the command reads
 */
public record ReplacePolicy(boolean force, String marker, List<Path> inputs) {
    public ReplacePolicy {
        inputs = List.copyOf(inputs);
    }

    /** Throws a one-line {@link IllegalArgumentException} unless a new tree may be moved to {@code target}. */
    public void check(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        if (abs.getParent() == null) {
            throw new IllegalArgumentException("cannot write a project to the file-system root");
        }
        if (!Files.exists(abs)) {
            return;
        }
        if (!Files.isDirectory(abs)) {
            throw new IllegalArgumentException(target + " exists and is not a directory");
        }
        Path real = real(abs);
        for (Path keep : protectedDirectories()) {
            if (keep.startsWith(real)) {
                throw new IllegalArgumentException(target + " is or holds " + keep + " (the current or home "
                        + "directory); refusing to replace it");
            }
        }
        if (!nonEmpty(abs)) {
            return;
        }
        if (!force) {
            throw new IllegalArgumentException(target + " exists and is not empty (use --force to replace an "
                    + "earlier export)");
        }
        if (!Files.isRegularFile(abs.resolve(marker))) {
            throw new IllegalArgumentException(target + " has no " + marker + ", so it is not an earlier export "
                    + "and is not replaced");
        }
        for (Path in : inputs) {
            if (Files.exists(in) && real(in.toAbsolutePath()).startsWith(real)) {
                throw new IllegalArgumentException(target + " holds the input " + in + "; refusing to replace it");
            }
        }
    }

    private static List<Path> protectedDirectories() {
        List<Path> dirs = new ArrayList<>();
        dirs.add(real(Path.of("").toAbsolutePath()));
        String home = System.getProperty("user.home");
        if (home != null && !home.isBlank() && Files.isDirectory(Path.of(home))) {
            dirs.add(real(Path.of(home)));
        }
        return dirs;
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + p + ": " + e.getMessage(), e);
        }
    }

    private static boolean nonEmpty(Path dir) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return s.iterator().hasNext();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }
}
