package org.dsodenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dsodenet demo} on a machine without g++: it says so before the first epoch, runs every other step, and
 * reports the C simulation as skipped instead of failing at the end. The demo runs in a child JVM whose PATH holds
 * a make but no C++ compiler, so the check under test is the one the command really makes.
 */
class DemoWithoutCompilerTest {
    private static final String MISSING = "g++ not found (apt-get install g++ make)";

    @TempDir
    Path dir;

    @Test
    void quickDemoWithoutGppRunsEverythingElseAndReportsTheCSimulationAsSkipped() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        // A make that fails if anything runs it: with g++ missing nothing may.
        Files.writeString(bin.resolve("make"), "#!/bin/sh\nexit 99\n");
        Files.setPosixFilePermissions(bin.resolve("make"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path out = dir.resolve("demo");
        Path log = dir.resolve("stdout.txt");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "demo", "--quick", "--out",
                out.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("PATH", bin.toString());
        pb.environment().remove("CXX");
        Process p = pb.start();
        assertTrue(p.waitFor(20, TimeUnit.MINUTES), "the quick demo did not finish");
        String stdout = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), stdout);

        List<String> lines = stdout.lines().toList();
        assertEquals("[demo] " + MISSING + ": the HLS C simulation will be skipped, every other step runs",
                lines.get(0), "the first thing the demo says");
        assertTrue(lines.contains("[demo] HLS C simulation skipped: " + MISSING), stdout);
        assertTrue(lines.contains("bit-exact HLS check: skipped: " + MISSING), stdout);

        JsonObject be = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject()
                .getAsJsonObject("bitExact");
        assertEquals(MISSING, be.get("skipped").getAsString());
        assertFalse(be.get("passed").getAsBoolean(), be.toString());
        assertEquals(0, be.get("valuesCompared").getAsLong());
        assertTrue(Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8)
                .contains("C simulation skipped: " + MISSING), "report.html says why nothing was compared");
        // Every other step ran: the exported model and HLS project are there, the C simulation never started.
        assertTrue(Files.isRegularFile(out.resolve("models/student-distill-fx16.dsod")));
        assertTrue(Files.isRegularFile(out.resolve("hls/Makefile")));
        assertFalse(Files.exists(out.resolve("hls/build")), "no C simulation ran");
    }
}
