package org.dsodenet.codegen.hls;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds and runs a generated project's C simulation with make and g++, and reads the testbench's verdict. */
public final class CSim {
    private static final Pattern RESULT = Pattern.compile("(\\d+) values compared, (\\d+) mismatches");

    private CSim() {}

    /**
     * What a C simulation would miss on this machine, as one line saying how to get it (for example
     * {@code g++ not found (apt-get install g++ make)}), or empty when make and the C++ compiler are on the PATH.
     * Checked before any work, so that a command does not fail at its last step.
     */
    public static Optional<String> missingTools() {
        return missingTools(System.getenv("PATH"), System.getenv("CXX"));
    }

    /**
     * {@link #missingTools()} for a given PATH and CXX. The compiler is the one the generated Makefile calls: the
     * first word of {@code cxx} when set, else g++.
     */
    public static Optional<String> missingTools(String path, String cxx) {
        String compiler = cxx == null || cxx.isBlank() ? "g++" : cxx.strip().split("\\s+")[0];
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("make", compiler)) {
            if (!onPath(tool, path == null ? "" : path)) {
                missing.add(tool);
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join(" and ", missing) + " not found (apt-get install g++ make)");
    }

    private static boolean onPath(String tool, String path) {
        if (tool.contains(File.separator)) {
            return isProgram(Path.of(tool));
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && isProgram(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isProgram(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }

    /** Exit code of make, the testbench result (-1 when no result line appeared) and the lines worth showing. */
    public record Result(int exit, long compared, long mismatches, String log) {}

    /** Cleans, builds and runs the project's C simulation; compared is -1 when no result line appeared. */
    public static Result run(Path dir, String include) {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "make clean >/dev/null && make csim AP_INCLUDE=\"$1\"", "sh", include)
                .directory(dir.toFile()).redirectErrorStream(true);
        Path out = null;
        try {
            // Output goes to a file, not a pipe, so the timeout below holds even when make never finishes.
            out = Files.createTempFile("dsodenet-csim", ".log");
            pb.redirectOutput(out.toFile());
            Process p = pb.start();
            boolean finished = p.waitFor(30, TimeUnit.MINUTES);
            if (!finished) {
                p.destroyForcibly().waitFor();
            }
            String log = new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
            Files.createDirectories(dir.resolve("build"));
            Files.writeString(dir.resolve("build/verify.log"), log);
            Matcher mt = RESULT.matcher(log);
            long c = -1;
            long mm = -1;
            while (mt.find()) {
                c = Long.parseLong(mt.group(1));
                mm = Long.parseLong(mt.group(2));
            }
            String shown = log.lines().filter(l -> l.startsWith("MISMATCH") || l.startsWith("ERROR") || l.contains("error:"))
                    .limit(10).reduce("", (a, b) -> a + b + System.lineSeparator());
            return new Result(finished ? p.exitValue() : -1, c, mm, finished ? shown : "timed out after 30 minutes");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot run make in " + dir + " (are make and g++ installed?): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a leftover temporary log is harmless
                }
            }
        }
    }
}
