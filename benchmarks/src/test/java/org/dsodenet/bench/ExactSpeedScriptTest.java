package org.dsodenet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/exact-speed.sh refuses bad arguments in one line on stderr with exit code 2, before it builds, exports or
 * writes anything.
 */
class ExactSpeedScriptTest {
    private static final Path SCRIPT = Path.of("..", "bench", "exact-speed.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void withoutAModelItSaysHowToCallIt() throws Exception {
        assertRefused("exact-speed.sh: error: no model given (usage: bench/exact-speed.sh MODEL.dsod [--ap-include DIR] [--images N])");
    }

    @Test
    void aMissingModelFileIsNamed() throws Exception {
        Path m = dir.resolve("absent.dsod");
        assertRefused("exact-speed.sh: error: " + m + ": no such model file", m.toString());
    }

    @Test
    void anIncludeDirectoryWithoutXilinxHeadersIsRefused() throws Exception {
        Path m = Files.writeString(dir.resolve("m.dsod"), "x");
        assertRefused("exact-speed.sh: error: " + dir + " holds no ap_fixed.h and ap_int.h (Xilinx's include directory)",
                m.toString(), "--ap-include", dir.toString());
    }

    @Test
    void anImageCountThatIsNotAPositiveNumberIsRefused() throws Exception {
        Path m = Files.writeString(dir.resolve("m.dsod"), "x");
        assertRefused("exact-speed.sh: error: --images must be a whole number from 1 to 99999, got '0'",
                m.toString(), "--images", "0");
    }

    @Test
    void anUnknownOptionIsNamed() throws Exception {
        assertRefused("exact-speed.sh: error: unknown option --thread (usage: bench/exact-speed.sh MODEL.dsod"
                + " [--ap-include DIR] [--images N])", "--thread");
    }

    private void assertRefused(String line, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), err);
        assertEquals(line + "\n", err);
        assertEquals("", out);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> !f.getFileName().toString().equals("m.dsod")).toList(),
                    "nothing written");
        }
    }
}
