package org.dsodenet.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster path, run for real: the application jar the build makes ({@code target/dsodenet-sweep.jar}) handed to
 * Spark's own {@code spark-submit} entry point ({@code org.apache.spark.deploy.SparkSubmit}, which the
 * {@code spark-submit} script of a Spark distribution runs) on a classpath of Spark's jars alone, as a cluster's
 * nodes have it. The tiny grid must give the same table as the embedded run. Runs after {@code package} (failsafe).
 */
class SparkSubmitIT {
    @TempDir
    Path dir;

    @Test
    void theApplicationJarCarriesThePipelineAndTheDataButNotSpark() throws IOException {
        try (JarFile jar = new JarFile(appJar().toFile())) {
            assertNotNull(jar.getEntry("org/dsodenet/sweep/SweepCommand.class"));
            assertNotNull(jar.getEntry("org/dsodenet/cli/Main.class"));
            assertNotNull(jar.getEntry("datasets/uci-digits.dsd.gz"), "bundled data sets ship inside the jar");
            assertFalse(jar.stream().anyMatch(e -> e.getName().startsWith("org/apache/spark/")), "Spark is provided");
            assertEquals(SweepCommand.class.getName(), jar.getManifest().getMainAttributes().getValue("Main-Class"));
        }
    }

    @Test
    void sparkSubmitRunsTheTinyGridToTheSameTableAsTheEmbeddedRun() throws Exception {
        Path grid = dir.resolve("tiny.json");
        try (var in = SparkSubmitIT.class.getResourceAsStream("/tiny-grid.json")) {
            Files.write(grid, in.readAllBytes());
        }
        Path embedded = dir.resolve("embedded");
        SweepEndToEndTest.SweepRun e = SweepEndToEndTest.sweep("--grid", grid.toString(), "--out", embedded.toString(),
                "--cores", "2");
        assertEquals(0, e.exit(), e.err() + e.out());

        Path submitted = dir.resolve("submitted");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g"));
        // The JVM flags spark-submit's launcher gives the driver on Java 17 (SparkContext adds them to executors'):
        // Spark's own list, not ours, so the real spark-submit command needs no flag this run lacks.
        cmd.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
        cmd.addAll(List.of("-cp", Files.readString(sparkClasspath()).strip(), "org.apache.spark.deploy.SparkSubmit",
                "--master", "local[2]", "--class", SweepCommand.class.getName(), appJar().toString(),
                "--grid", grid.toString(), "--out", submitted.toString()));
        Path log = dir.resolve("spark-submit.log");
        // Started outside the repository, so nothing can come from the working tree: only the jar and Spark.
        Process p = new ProcessBuilder(cmd).directory(Files.createDirectories(dir.resolve("elsewhere")).toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("sweep: 2/2 cells done, 0 failed"), output);

        List<CellRow> a = rows(embedded);
        List<CellRow> b = rows(submitted);
        assertEquals(2, a.size());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(comparable(a.get(i), embedded), comparable(b.get(i), submitted));
        }
    }

    private static List<CellRow> rows(Path out) throws IOException {
        return Arrays.asList(new Gson().fromJson(Files.readString(out.resolve("table.json")), CellRow[].class));
    }

    /** A row without what differs by nature between two runs: wall time, and the sweep directory in the paths. */
    private static CellRow comparable(CellRow r, Path out) {
        return new CellRow(r.id(), r.arch(), r.channels(), r.steps(), r.downsample(), r.precision(), r.layerPrecision(),
                r.method(), r.seed(), r.source(), r.target(), r.floatSourceAcc(), r.floatTargetAcc(),
                r.fixedSourceAcc(), r.fixedTargetAcc(), r.params(), r.part(), r.dsp(), r.bram18(), r.uram(), r.cycles(),
                r.latencyUs(), r.saturated(), r.wrapped(), r.conversions(), 0,
                r.command().replace(out.toAbsolutePath().normalize().toString(), "OUT"));
    }

    private static Path appJar() {
        return Path.of(System.getProperty("sweep.app.jar"));
    }

    private static Path sparkClasspath() {
        return Path.of(System.getProperty("sweep.spark.classpath"));
    }
}
