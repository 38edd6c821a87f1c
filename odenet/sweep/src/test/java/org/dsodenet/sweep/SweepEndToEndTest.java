package org.dsodenet.sweep;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.dsodenet.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-cell grid on a few hundred images, end to end on the embedded Spark master: results, merged tables, the
 * frontier page, a row against the CLI commands run by hand, and resuming.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SweepEndToEndTest {
    private Path dir;

    private Path grid;
    private Path out;
    private List<CellSpec> cells;
    private SweepRun first;

    /** One run of the sweep command. */
    record SweepRun(int exit, String out, String err) {}

    static SweepRun sweep(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream before = System.out;
        PrintStream errBefore = System.err;
        System.setOut(new PrintStream(bytes, true, UTF_8));
        System.setErr(new PrintStream(errBytes, true, UTF_8));
        int exit;
        try {
            exit = SweepCommand.run(new PrintWriter(err), args);
        } finally {
            System.setOut(before);
            System.setErr(errBefore);
        }
        return new SweepRun(exit, bytes.toString(UTF_8), err + errBytes.toString(UTF_8));
    }

    @BeforeAll
    void runTinyGrid(@TempDir Path tmp) throws IOException {
        dir = tmp;
        grid = dir.resolve("tiny.json");
        try (var in = SweepEndToEndTest.class.getResourceAsStream("/tiny-grid.json")) {
            Files.write(grid, in.readAllBytes());
        }
        cells = GridParser.parse(Files.readString(grid));
        out = dir.resolve("sweep");
        first = sweep("--grid", grid.toString(), "--out", out.toString(), "--cores", "2");
    }

    @Test
    void everyCellFinishesAndTheTablesHoldOneRowEach() throws IOException {
        assertEquals(0, first.exit(), first.err() + first.out());
        assertTrue(first.out().contains("sweep: 2/2 cells done, 0 failed"), first.out());
        ResultStore store = new ResultStore(out);
        for (CellSpec c : cells) {
            assertTrue(store.finished(c.id()), c.id());
        }
        List<String> csv = Files.readAllLines(out.resolve("table.csv"));
        assertEquals(3, csv.size(), String.join("\n", csv));
        assertEquals(String.join(",", CellRow.COLUMNS), csv.get(0));
        assertTrue(Files.readString(out.resolve("table.json")).contains(cells.get(1).id()));
        String html = Files.readString(out.resolve("frontier.html"));
        assertTrue(html.contains("<svg") && html.contains(cells.get(0).id()), "frontier page");
        // Spark's INFO and WARN logging stays out of the sweep's output.
        assertFalse(first.err().contains("INFO") || first.err().contains("WARN"), first.err());
    }

    @Test
    void aRowEqualsWhatItsCommandLineProducesWhenRunByHand() throws IOException {
        ResultStore store = new ResultStore(out);
        CellRow row = store.row(cells.get(1).id()).orElseThrow();
        Path work = store.work(row.id());
        // Every path of the command is under the sweep directory (the shared model under models/, the rest under
        // work/ID/): run by hand under another directory, the train command too, nothing is reused.
        Path again = dir.resolve("by-hand");
        List<String> evalOutputs = new ArrayList<>();
        String params = null;
        List<String> commands = List.of(row.command().split(" && "));
        assertTrue(commands.get(0).startsWith("./dsodenet train "), commands.get(0));
        for (String command : commands) {
            List<String> words = ShellQuote.split(command.replace(out.toString(), again.toString()));
            assertEquals("./dsodenet", words.get(0));
            StringWriter o = new StringWriter();
            StringWriter e = new StringWriter();
            int exit = Main.run(new PrintWriter(o), new PrintWriter(e), words.subList(1, words.size()).toArray(String[]::new));
            assertEquals(0, exit, command + "\n" + e);
            if (words.get(1).equals("eval")) {
                evalOutputs.add(o.toString());
            } else if (words.get(1).equals("params")) {
                params = o.toString();
            }
        }
        assertEquals(4, evalOutputs.size());
        double[] byHand = evalOutputs.stream().mapToDouble(j -> CellOutputs.Eval.parse(j).accuracy()).toArray();
        assertArrayEquals(new double[] {row.floatSourceAcc(), row.floatTargetAcc(), row.fixedSourceAcc(),
                row.fixedTargetAcc()}, byHand);
        CellOutputs.Eval fixedTarget = CellOutputs.Eval.parse(evalOutputs.get(3));
        CellOutputs.Eval fixedSource = CellOutputs.Eval.parse(evalOutputs.get(2));
        assertEquals(row.saturated(), fixedSource.saturated() + fixedTarget.saturated());
        assertEquals(row.conversions(), fixedSource.conversions() + fixedTarget.conversions());
        assertEquals(row.params(), CellOutputs.params(params));
        Path againWork = Path.of(work.toString().replace(out.toString(), again.toString()));
        assertEquals(Files.readString(work.resolve("hls/estimate.txt")), Files.readString(againWork.resolve("hls/estimate.txt")));
        CellOutputs.Estimate est = CellOutputs.Estimate.parse(Files.readString(againWork.resolve("hls/estimate.txt")));
        assertEquals(List.of(row.dsp(), row.bram18(), row.cycles()), List.of(est.dsp(), est.bram18(), est.cycles()));
    }

    @Test
    void cellsThatDifferOnlyInPrecisionTrainTheirFloatModelOnce() throws IOException {
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("sweep: 1 float models for these cells, 0 trained earlier, training 1"),
                first.out());
        ResultStore store = new ResultStore(out);
        List<String> trains = new ArrayList<>();
        for (CellSpec c : cells) {
            trains.add(store.row(c.id()).orElseThrow().command().split(" && ")[0]);
        }
        assertEquals(trains.get(0), trains.get(1));
        Path model = store.model(SharedModel.of(cells.get(0)).id());
        assertTrue(trains.get(0).endsWith("--out " + model), trains.get(0));
        try (var s = Files.list(out.resolve("models"))) {
            assertEquals(List.of(model), s.filter(p -> p.toString().endsWith(".dsod")).toList());
        }
        // Neither cell trained: both logs name the model trained before them.
        for (CellSpec c : cells) {
            assertTrue(Files.readString(store.work(c.id()).resolve("log.txt")).contains("trained before this cell"));
        }
    }

    @Test
    void aResumedSweepSkipsFinishedCellsAndRunsTheRest() throws IOException {
        assertEquals(0, first.exit(), first.err());
        Path resumed = dir.resolve("resumed");
        ResultStore store = new ResultStore(resumed);
        // An interrupted sweep: the first cell's result was written, the second never was.
        Files.createDirectories(resumed.resolve("cells"));
        Files.copy(grid, resumed.resolve(ResultStore.MARKER));
        Path kept = store.result(cells.get(0).id());
        Files.copy(new ResultStore(out).result(cells.get(0).id()), kept);
        FileTime before = Files.getLastModifiedTime(kept);
        byte[] bytes = Files.readAllBytes(kept);
        // ... and so was the float model both cells start from.
        Path model = store.model(SharedModel.of(cells.get(1)).id());
        Files.createDirectories(model.getParent());
        Files.copy(new ResultStore(out).model(SharedModel.of(cells.get(1)).id()), model);
        FileTime modelBefore = Files.getLastModifiedTime(model);

        SweepRun again = sweep("--grid", grid.toString(), "--out", resumed.toString(), "--cores", "1");
        assertEquals(0, again.exit(), again.err() + again.out());
        assertTrue(again.out().contains("2 cells, 1 finished earlier, running 1"), again.out());
        assertTrue(again.out().contains("1 float models for these cells, 1 trained earlier, training 0"), again.out());
        assertEquals(modelBefore, Files.getLastModifiedTime(model));
        assertFalse(Files.exists(store.work(cells.get(0).id())), "the finished cell did not run again");
        assertEquals(before, Files.getLastModifiedTime(kept));
        assertArrayEquals(bytes, Files.readAllBytes(kept));
        assertTrue(store.finished(cells.get(1).id()));
        assertEquals(3, Files.readAllLines(resumed.resolve("table.csv")).size());
    }
}
