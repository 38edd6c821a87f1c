package org.dsodenet.hls;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Compiles and runs the C++ test programs with the system's g++. The tests need g++ and fail, with a message saying
 * so, when it is missing: a skipped test would hide that the HLS C++ was never checked.
 *
 * <p>By default the programs see the project's own host model ({@code host/}). The system property
 * {@code dsodenet.hls.apinclude} points them at another {@code ap_fixed.h}/{@code ap_int.h} instead, which is how the
 * same programs are checked locally against Xilinx's headers (which CI does not have).
 */
final class Gpp {
    /** Upper bound for one compilation or run, so that a hung process fails the test instead of the build. */
    private static final long TIMEOUT_SECONDS = 600;

    private Gpp() {}

    /** The hls-templates module directory (Maven runs tests there; {@code basedir} says so explicitly). */
    static Path moduleDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    }

    /** Where compiled programs and generated sources go. */
    static Path workDir() {
        Path dir = moduleDir().resolve("target").resolve("cpp");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** The compiler command: $CXX when set, else g++ on the PATH; fails the test when there is none. */
    static String compiler() {
        String cxx = System.getenv("CXX");
        String name = cxx == null || cxx.isBlank() ? "g++" : cxx.strip();
        if (name.contains(File.separator)) {
            if (Files.isExecutable(Path.of(name))) {
                return name;
            }
        } else {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return name;
                }
            }
        }
        return fail(name + " not found: the hls-templates tests compile C++ and need g++ (Debian: apt-get install g++)");
    }

    /** True when the programs are compiled against an external ap_fixed.h (Xilinx's) instead of the host model. */
    static boolean externalApHeaders() {
        String dir = System.getProperty("dsodenet.hls.apinclude");
        return dir != null && !dir.isBlank();
    }

    /** Include flags for ap_fixed.h/ap_int.h: the host model, or the directory named by dsodenet.hls.apinclude. */
    static List<String> apIncludeFlags() {
        if (externalApHeaders()) {
            // -isystem: warnings inside a vendor's headers are not ours to fix.
            return List.of("-isystem", Path.of(System.getProperty("dsodenet.hls.apinclude")).toAbsolutePath().toString());
        }
        return List.of("-I", moduleDir().resolve("host").toString());
    }

    /**
     * Compiles {@code source} into an executable named {@code name} in {@link #workDir()}; a compiler error fails the
     * test with the compiler's output. The executable is written under a temporary name and moved into place.
     */
    static Path compile(String name, Path source, List<String> flags) {
        Path exe = workDir().resolve(name);
        Path tmp = workDir().resolve(name + ".tmp");
        List<String> cmd = new ArrayList<>();
        cmd.add(compiler());
        cmd.addAll(flags);
        cmd.add(source.toString());
        cmd.add("-o");
        cmd.add(tmp.toString());
        Result r = run(cmd, null);
        if (r.exitCode != 0) {
            fail("compilation of " + source.getFileName() + " failed (" + String.join(" ", cmd) + "):\n" + r.all());
        }
        try {
            Files.move(tmp, exe, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return exe;
    }

    /**
     * Compiles a differential-test program: C++14, no optimisation, every warning an error, against the ap headers
     * of {@link #apIncludeFlags()} and the test helpers in {@code src/test/cpp}.
     */
    static Path compileDifferential(String name, Path source) {
        List<String> flags = new ArrayList<>(List.of("-std=c++14", "-O0", "-Wall", "-Wextra", "-Werror"));
        flags.addAll(apIncludeFlags());
        flags.addAll(List.of("-I", moduleDir().resolve("src/test/cpp").toString()));
        return compile(name, source, flags);
    }

    /** Writes a generated source file atomically and returns its path. */
    static Path writeSource(String name, String text) {
        Path file = workDir().resolve(name);
        Path tmp = workDir().resolve(name + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** What a process printed on its standard output and error, and its exit code. */
    record Result(int exitCode, String output, String errors) {
        /** Both streams, for failure messages. */
        String all() {
            return errors.isEmpty() ? output : output + "\n--- stderr ---\n" + errors;
        }
    }

    /** Feeds the standard input of a process. */
    interface Feeder {
        void feed(OutputStream in) throws IOException;
    }

    /** Runs a command, feeding its standard input from {@code feeder} (nullable) on a separate thread. */
    static Result run(List<String> cmd, Feeder feeder) {
        try {
            Process p = new ProcessBuilder(cmd).start();
            Thread writer = new Thread(() -> {
                try (OutputStream in = p.getOutputStream()) {
                    if (feeder != null) {
                        feeder.feed(in);
                    }
                } catch (IOException e) {
                    // The process stopped reading (it failed early); its output and exit code tell why.
                }
            }, "gpp-stdin");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = new Thread(() -> {
                try (InputStream e = p.getErrorStream()) {
                    e.transferTo(err);
                } catch (IOException e) {
                    // Nothing more to read.
                }
            }, "gpp-stderr");
            writer.start();
            errReader.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream o = p.getInputStream()) {
                o.transferTo(out);
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", cmd) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            writer.join();
            errReader.join();
            return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd.get(0), e);
        }
    }
}
