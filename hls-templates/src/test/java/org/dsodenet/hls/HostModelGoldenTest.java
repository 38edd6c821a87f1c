package org.dsodenet.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The host model's conversion core against every golden vector Xilinx's own headers produced
 * ({@code fixedpoint/src/test/resources/oracles/ap_fixed_casts.csv.gz}, read in place from the fixedpoint module).
 * The driver ({@code src/test/cpp/golden_driver.cpp}) calls the same runtime functions the ap_fixed templates call,
 * once through the dispatcher with its one-word fast path and once forcing the multi-word path for every case.
 */
class HostModelGoldenTest {
    static final Path GOLDEN = Path.of("..", "fixedpoint", "src", "test", "resources", "oracles", "ap_fixed_casts.csv.gz");
    static final long EXPECTED_CASES = 159_920;

    static Path driver;

    @BeforeAll
    static void compileDriver() {
        Path module = Gpp.moduleDir();
        driver = Gpp.compile("golden_driver", module.resolve("src/test/cpp/golden_driver.cpp"),
                List.of("-std=c++14", "-O2", "-Wall", "-Wextra", "-pedantic", "-Werror",
                        "-I", module.resolve("host").toString()));
    }

    static Path golden() {
        Path file = Gpp.moduleDir().resolve(GOLDEN).normalize();
        assertTrue(Files.isRegularFile(file), "golden vectors not found at " + file);
        return file;
    }

    @Test
    void everyGoldenVectorThroughTheDispatcher() throws IOException {
        checkAll("auto");
    }

    @Test
    void everyGoldenVectorThroughTheMultiWordPath() throws IOException {
        checkAll("wide");
    }

    private static void checkAll(String mode) throws IOException {
        long lines = countCases(golden());
        assertEquals(EXPECTED_CASES, lines, "the golden file should hold 159,920 vectors");
        Gpp.Result r = Gpp.run(List.of(driver.toString(), mode), in -> {
            try (InputStream gz = new GZIPInputStream(Files.newInputStream(golden()), 1 << 16)) {
                gz.transferTo(in);
            }
        });
        String last = lastLine(r.output());
        assertEquals(lines + " cases, 0 mismatches", last, () -> "driver (" + mode + ") output:\n" + head(r.output()));
        assertEquals(0, r.exitCode(), "driver exit code");
    }

    /** The driver must notice a wrong expectation: one corrupted line among good ones gives exactly one mismatch. */
    @Test
    void aCorruptedExpectationIsReported() throws IOException {
        List<String> good = firstCases(golden(), 500);
        String victim = good.get(123);
        int comma = victim.lastIndexOf(',');
        String raw = victim.substring(comma + 1);
        String flipped = victim.substring(0, comma + 1) + (raw.equals("0") ? "1" : "0");
        good.set(123, flipped);
        String input = String.join("\n", good) + "\n";
        Gpp.Result r = Gpp.run(List.of(driver.toString(), "auto"),
                in -> in.write(input.getBytes(StandardCharsets.UTF_8)));
        assertEquals("500 cases, 1 mismatches", lastLine(r.output()), r.output());
        assertTrue(r.output().contains(flipped), "the mismatch names the line: " + r.output());
        assertEquals(1, r.exitCode());
    }

    @Test
    void malformedInputIsRefused() {
        Gpp.Result r = Gpp.run(List.of(driver.toString(), "auto"),
                in -> in.write("cast,1,8,4,zz,1,8,4,5,3,0,0\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("line 1: bad source raw"), r.output());
    }

    private static long countCases(Path gz) throws IOException {
        try (BufferedReader br = reader(gz)) {
            return br.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
        }
    }

    private static List<String> firstCases(Path gz, int n) throws IOException {
        try (BufferedReader br = reader(gz)) {
            return new java.util.ArrayList<>(br.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).limit(n).toList());
        }
    }

    private static BufferedReader reader(Path gz) throws IOException {
        return new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8));
    }

    static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    static String head(String output) {
        return output.length() > 4000 ? output.substring(0, 4000) + "\n..." : output;
    }
}
