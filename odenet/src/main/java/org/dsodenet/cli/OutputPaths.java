package org.dsodenet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Checks a command's outputs before it does any work, so that a wrong path ends the command in one line at once
 * instead of after an hour of training. Creates nothing: missing directories are made when the output is written,
 * so it is enough that the nearest existing ancestor is a directory this process may write in.
 */
final class OutputPaths {
    private OutputPaths() {}

    /** {@code path} (given with {@code flag}) can be written as a file: it is not a directory and its folder can be made. */
    static void requireWritableFile(Path path, String flag) {
        requireWritableFile(path, flag, Files::isWritable);
    }

    /** As above; {@code writable} decides whether a directory may be written in (tests run as root). */
    static void requireWritableFile(Path path, String flag, Predicate<Path> writable) {
        Path abs = absolute(path, flag);
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException(flag + " " + path + " is a directory; it must name a file");
        }
        requireCreatable(abs.getParent(), path, flag, writable);
    }

    /** {@code path} (given with {@code flag}) can hold files: an existing writable directory, or one that can be made. */
    static void requireWritableDirectory(Path path, String flag) {
        Path abs = absolute(path, flag);
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IllegalArgumentException(flag + " " + path + " is a file; it must name a directory");
        }
        requireCreatable(abs, path, flag, Files::isWritable);
    }

    /**
     * The values given for {@code flags} name files: none ends with a '/' (which the parsed {@link Path} drops, so
     * {@code --out runs/} would otherwise write a file called {@code runs}).
     */
    static void requireFileNames(CommandSpec spec, String... flags) {
        ParseResult parsed = spec.commandLine().getParseResult();
        for (String flag : flags) {
            OptionSpec o = parsed == null ? null : parsed.matchedOption(flag);
            for (String v : o == null ? List.<String>of() : o.originalStringValues()) {
                if (v.endsWith("/") || v.endsWith(java.io.File.separator)) {
                    throw new IllegalArgumentException(flag + " " + v + " ends with '/', so it names a directory; it "
                            + "must name a file");
                }
            }
        }
    }

    private static Path absolute(Path path, String flag) {
        Path abs = path.toAbsolutePath().normalize();
        if (abs.getFileName() == null) {
            throw new IllegalArgumentException(flag + " " + path + " is the file-system root");
        }
        return abs;
    }

    /** {@code dir} exists as a writable directory or can be created below its nearest existing ancestor. */
    private static void requireCreatable(Path dir, Path given, String flag, Predicate<Path> writable) {
        Path existing = dir;
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (!Files.isDirectory(existing)) {
            throw new IllegalArgumentException(flag + " " + given + ": " + existing + " is not a directory");
        }
        if (!writable.test(existing)) {
            throw new IllegalArgumentException(flag + " " + given + ": directory " + existing + " is not writable");
        }
    }
}
