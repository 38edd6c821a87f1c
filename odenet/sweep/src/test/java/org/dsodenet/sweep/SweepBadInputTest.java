package org.dsodenet.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code sweep}: one line, exit 2, and nothing written, before Spark starts. */
class SweepBadInputTest {
    @TempDir
    Path dir;

    private String fails(String... args) {
        StringWriter err = new StringWriter();
        int exit = SweepCommand.run(new PrintWriter(err), args);
        assertEquals(2, exit, err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("dsodenet: error: "), err.toString());
        return err.toString().strip();
    }

    private Path grid(String json) throws IOException {
        Path g = dir.resolve("grid.json");
        Files.writeString(g, json);
        return g;
    }

    @Test
    void aMalformedGridIsOneLineAndCreatesNothing() throws IOException {
        Path out = dir.resolve("out");
        String e = fails("--grid", grid("{\"product\": {\"precison\": [\"fx8\"]}}").toString(), "--out", out.toString());
        assertTrue(e.contains("grid.json: product.precison[0]: unknown key 'precison'"), e);
        e = fails("--grid", grid("{\"product\": {\"seed\": []}}").toString(), "--out", out.toString());
        assertTrue(e.endsWith("grid.json: empty product: axis 'seed' has no values"), e);
        e = fails("--grid", grid("{\"product\": {\"precision\": [\"fx99\"]}}").toString(), "--out", out.toString());
        assertTrue(e.contains("grid.json: cell 1: precision 'fx99'"), e);
        e = fails("--grid", dir.resolve("missing.json").toString(), "--out", out.toString());
        assertTrue(e.endsWith("missing.json: no such file"), e);
        assertFalse(Files.exists(out));
    }

    @Test
    void aLayerRuleThatMatchesNoLayerOfTheCellsArchitectureIsRefusedBeforeAnyTask() throws IOException {
        Path out = dir.resolve("out");
        // 'stage1.f.pw1' is a layer of dsODENet but not of ODENet, whose blocks are plain convolutions.
        Path g = grid("""
                {"fixed": {"precision": "fx8", "layerPrecision": ["stage1.f.pw1=fx16"]},
                 "product": {"arch": ["dsodenet", "odenet"]}}""");
        String e = fails("--grid", g.toString(), "--out", out.toString());
        assertTrue(e.contains("grid.json: cell 2: layerPrecision 'stage1.f.pw1=fx16': layer precision 'stage1.f.pw1' "
                + "matches no layer; layers are input, "), e);
        e = fails("--grid", grid("{\"cells\": [{\"channels\": [8, 16, 2000]}]}").toString(), "--out", out.toString());
        assertTrue(e.endsWith("grid.json: cell 1: model config: channels must be 1..1024, got 2000"), e);
        assertFalse(Files.exists(out));
    }

    @Test
    void anOutputThatIsNotASweepsIsRefusedUntouched() throws IOException {
        Path g = grid("{\"cells\": [{}]}");
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        String e = fails("--grid", g.toString(), "--out", other.toString());
        assertTrue(e.contains("is not empty and holds no earlier sweep"), e);
        try (var s = Files.list(other)) {
            assertEquals(1, s.count());
        }
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertTrue(fails("--grid", g.toString(), "--out", file.toString()).contains("is a file"));
        assertTrue(fails("--grid", g.toString(), "--out", dir.resolve("o").toString(), "--cores", "0")
                .contains("--cores must be at least 1"));
        assertTrue(fails("--grid", g.toString()).contains("Missing required option: '--out=<out>'"));
    }

    @Test
    void coresOrMasterUnderSparkSubmitIsRefusedRatherThanIgnored() throws IOException {
        Path g = grid("{\"cells\": [{}]}");
        Path out = dir.resolve("out");
        // What spark-submit does to the driver JVM: its --master arrives as this property.
        System.setProperty("spark.master", "spark://head:7077");
        try {
            String e = fails("--grid", g.toString(), "--out", out.toString(), "--cores", "2");
            assertTrue(e.endsWith("--cores is for a run without spark-submit; spark-submit already set the master "
                    + "(spark://head:7077): give it there"), e);
            assertTrue(fails("--grid", g.toString(), "--out", out.toString(), "--master", "local[2]")
                    .contains("--master is for a run without spark-submit"));
        } finally {
            System.clearProperty("spark.master");
        }
        assertFalse(Files.exists(out));
    }

    @Test
    void aDryRunPrintsEachCellsCommandsAndRunsNothing() throws IOException {
        Path out = dir.resolve("out");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.out;
        System.setOut(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        int exit;
        try {
            exit = SweepCommand.run(new PrintWriter(new StringWriter()), "--grid",
                    grid("{\"product\": {\"precision\": [\"fx16\", \"fx8\"]}, \"fixed\": {\"method\": \"distill\"}}").toString(),
                    "--out", out.toString(), "--dry-run");
        } finally {
            System.setOut(before);
        }
        assertEquals(0, exit);
        String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, text.lines().count(), text);
        assertTrue(text.contains("./dsodenet adapt --model ") && text.contains("--method distill --teacher "), text);
        assertFalse(Files.exists(out));
    }
}
