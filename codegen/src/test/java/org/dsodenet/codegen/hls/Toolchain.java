package org.dsodenet.codegen.hls;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The C simulation tests' view of the machine: they need make and a C++ compiler and fail, saying so, when either is
 * missing (a skipped test would hide that the generated C++ was never checked). The ap_fixed headers are the
 * bundled host model unless the system property {@code dsodenet.hls.apinclude} names another include directory,
 * which is how the same tests are run locally against Xilinx's headers.
 */
final class Toolchain {
    private static final long TIMEOUT_SECONDS = 600;

    private Toolchain() {}

    /** Fails the calling test unless make and the C++ compiler ($CXX, else g++) are on the PATH. */
    static void require() {
        CSim.missingTools().ifPresent(m -> fail(m + ": the C simulation tests build the generated HLS projects with "
                + "make and g++"));
    }

    /** The AP_INCLUDE passed to make: "host" (the bundled model) or the directory from dsodenet.hls.apinclude. */
    static String apInclude() {
        String dir = System.getProperty("dsodenet.hls.apinclude");
        return dir == null || dir.isBlank() ? "host" : Path.of(dir).toAbsolutePath().toString();
    }

    /** Exit code and merged output of a finished process. */
    record Run(int exit, String output) {}

    /** Runs a command in dir and waits for it (failing the test if it hangs). */
    static Run run(Path dir, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return fail(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return fail("cannot run " + String.join(" ", command) + " in " + dir + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }
}
