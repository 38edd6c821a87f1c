package org.dsodenet.fixedpoint.systemc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The SystemC side of the differential tests: compiles {@code src/test/cpp/scfx_driver.cpp} against libsystemc into
 * {@code target/scfx/} (again only when the source is newer than the binary) and runs request batches through it.
 * A missing compiler or SystemC installation is a test failure with the install command, never a skip: CI installs
 * both ({@code .ci/run}).
 */
final class ScfxDriver {
    private static final String SOURCE = "src/test/cpp/scfx_driver.cpp";
    private static final long TIMEOUT_SECONDS = 120;
    private static Path binary;

    private ScfxDriver() {}

    /** Evaluates each request line; the answers come back in order, one per request ("ok ..." or "err ..."). */
    static List<String> run(List<String> requests) {
        Path exe = binary();
        Path dir = exe.getParent();
        try {
            Path in = Files.createTempFile(dir, "requests", ".txt");
            Path out = Files.createTempFile(dir, "answers", ".txt");
            try {
                Files.write(in, requests, StandardCharsets.UTF_8);
                ProcessBuilder pb = new ProcessBuilder(exe.toString())
                        .redirectInput(in.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(ProcessBuilder.Redirect.INHERIT);
                // SystemC prints a banner on exit unless told not to.
                pb.environment().put("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1");
                Process p = pb.start();
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("scfx_driver did not finish " + requests.size() + " requests in "
                            + TIMEOUT_SECONDS + " s");
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError("scfx_driver exited with status " + p.exitValue());
                }
                List<String> answers = new ArrayList<>(requests.size());
                for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                    if (line.startsWith("ok ") || line.startsWith("err ")) {
                        answers.add(line);
                    }
                }
                if (answers.size() != requests.size()) {
                    throw new AssertionError("scfx_driver answered " + answers.size() + " of " + requests.size()
                            + " requests");
                }
                return answers;
            } finally {
                Files.deleteIfExists(in);
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + exe + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for scfx_driver", e);
        }
    }

    /** The answer text after "ok ", failing with SystemC's message for an "err" answer. */
    static String ok(String answer, String request) {
        if (!answer.startsWith("ok ")) {
            throw new AssertionError("SystemC refused `" + request + "`: " + answer);
        }
        return answer.substring(3);
    }

    /** The compiled driver, built on first use in this JVM when missing or older than its source. */
    static synchronized Path binary() {
        if (binary != null) {
            return binary;
        }
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path source = base.resolve(SOURCE);
        if (!Files.isRegularFile(source)) {
            throw new AssertionError("driver source not found: " + source);
        }
        Path dir = base.resolve("target").resolve("scfx");
        Path exe = dir.resolve("scfx_driver");
        try {
            Files.createDirectories(dir);
            if (!Files.isExecutable(exe)
                    || Files.getLastModifiedTime(exe).compareTo(Files.getLastModifiedTime(source)) < 0) {
                compile(source, dir, exe);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the SystemC driver in " + dir + ": " + e.getMessage(), e);
        }
        binary = exe;
        return exe;
    }

    private static void compile(Path source, Path dir, Path exe) throws IOException {
        Path tmp = Files.createTempFile(dir, "scfx_driver", ".tmp");
        Path log = dir.resolve("compile.log");
        List<String> cmd = List.of("g++", "-std=c++17", "-O1", "-o", tmp.toString(), source.toString(), "-lsystemc");
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new AssertionError("g++ not found: the SystemC differential tests compile a C++ driver; install it"
                    + " with `apt-get install g++ libsystemc-dev` (" + e.getMessage() + ")");
        }
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("g++ did not finish compiling " + source + " in " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while compiling " + source, e);
        }
        if (p.exitValue() != 0) {
            Files.deleteIfExists(tmp);
            String out = Files.readString(log, StandardCharsets.UTF_8);
            String hint = out.contains("systemc.h: No such file")
                    ? " (SystemC is not installed: `apt-get install libsystemc-dev`)"
                    : out.contains("-lsystemc") ? " (libsystemc is missing: `apt-get install libsystemc-dev`)" : "";
            throw new AssertionError("compiling the SystemC driver failed" + hint + ": `" + String.join(" ", cmd)
                    + "`\n" + firstLines(out, 15));
        }
        Files.move(tmp, exe, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String firstLines(String text, int n) {
        String[] lines = text.split("\n");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, lines.length); i++) {
            sb.append(lines[i]).append('\n');
        }
        return sb.toString();
    }
}
