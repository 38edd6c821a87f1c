package org.dsodenet.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dsodenet.cli.Cli;
import org.dsodenet.io.AtomicFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dsodenet sweep}: every cell of a grid through the CLI pipeline, as Apache Spark tasks. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run every cell of a grid (train, adapt, quantize, evaluate float and bit-exact, estimate) as "
                + "Spark tasks; write one result per cell, the merged table (CSV and JSON) and frontier.html. "
                + "A rerun with the same --out skips the cells that finished.",
        footer = {"", "On a cluster: spark-submit --master URL --class org.dsodenet.sweep.SweepCommand "
                + "odenet/sweep/target/dsodenet-sweep.jar --grid GRID.json --out DIR (DIR on a file system every "
                + "worker sees at the same path)."})
public final class SweepCommand implements Callable<Integer> {
    @Option(names = "--grid", required = true, description = "grid file (JSON; see examples/sweep-precision.json)")
    Path grid;

    @Option(names = "--out", required = true, description = "sweep directory (new, empty, or an earlier sweep's)")
    Path out;

    @Option(names = "--cores", description = "task slots of the embedded local master (default: all cores)")
    Integer cores;

    @Option(names = "--master", description = "Spark master URL when not run by spark-submit (default local[*])")
    String master;

    @Option(names = "--dry-run", description = "check the grid and print each cell's commands; run nothing")
    boolean dryRun;

    private PrintStream console = System.out;

    @Override
    public Integer call() throws IOException {
        String text = read(grid);
        List<CellSpec> cells;
        try {
            cells = GridParser.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(grid + ": " + e.getMessage());
        }
        if (cores != null && cores < 1) {
            throw new IllegalArgumentException("--cores must be at least 1, got " + cores);
        }
        if (cores != null && master != null) {
            throw new IllegalArgumentException("give --cores or --master, not both");
        }
        if ((cores != null || master != null) && System.getProperty("spark.master") != null) {
            // Otherwise the option would be ignored without a word: spark-submit's master wins.
            throw new IllegalArgumentException((cores != null ? "--cores" : "--master") + " is for a run without "
                    + "spark-submit; spark-submit already set the master (" + System.getProperty("spark.master")
                    + "): give it there");
        }
        SweepOutput.check(out);
        ResultStore store = new ResultStore(out.toAbsolutePath().normalize());
        if (dryRun) {
            for (CellSpec c : cells) {
                console.println(c.id() + (store.finished(c.id()) ? " (finished)" : "") + ": "
                        + CellCommands.of(c, store).shellLine());
            }
            return 0;
        }
        List<CellSpec> todo = cells.stream().filter(c -> !store.finished(c.id())).toList();
        console = CellLog.install();
        AtomicFile.write(store.root().resolve(ResultStore.MARKER), text.getBytes(StandardCharsets.UTF_8));
        long t0 = System.nanoTime();
        try (SparkSweep spark = new SparkSweep(master != null ? master : "local[" + (cores == null ? "*" : cores) + "]")) {
            console.printf(Locale.ROOT, "sweep: %d cells, %d finished earlier, running %d on %s%n", cells.size(),
                    cells.size() - todo.size(), todo.size(), spark.master());
            List<CellSpec> runnable = trainShared(todo, store, spark);
            try (Progress p = new Progress(store, todo.stream().map(CellSpec::id).toList(), cells.size() - todo.size(),
                    cells.size(), console)) {
                spark.run(runnable, store.root());
                p.poll();
            }
            List<CellRow> rows = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (CellSpec c : cells) {
                store.row(c.id()).ifPresentOrElse(rows::add,
                        () -> failures.add(c.id() + ": " + store.failureOf(c.id()).orElse("did not finish")));
            }
            SweepTable.write(store.root(), rows);
            FrontierPage.write(store.root().resolve("frontier.html"), "dsodenet sweep: " + grid.getFileName(), rows,
                    failures);
            console.printf(Locale.ROOT, "sweep: %d of %d cells finished in %.0f s; wrote %s (table.csv, table.json, "
                    + "frontier.html)%n", rows.size(), cells.size(), (System.nanoTime() - t0) / 1e9,
                    store.root());
            if (!failures.isEmpty()) {
                throw new IllegalStateException(failures.size() + " of " + cells.size() + " cells failed (first: "
                        + failures.get(0) + "); rerun the same command to retry them");
            }
        }
        return 0;
    }

    /**
     * The first stage: each distinct float model of the cells to run, trained once (the ones an earlier run left in
     * {@code models/} are not trained again). Returns the cells whose model is there; the others are recorded as
     * failed with train's error, without a task.
     */
    private List<CellSpec> trainShared(List<CellSpec> todo, ResultStore store, SparkSweep spark) {
        Map<String, SharedModel> models = new LinkedHashMap<>();
        for (CellSpec c : todo) {
            SharedModel m = SharedModel.of(c);
            models.putIfAbsent(m.id(), m);
        }
        List<SharedModel> missing = models.values().stream().filter(m -> !Files.isRegularFile(store.model(m.id())))
                .toList();
        console.printf(Locale.ROOT, "sweep: %d float models for these cells, %d trained earlier, training %d%n",
                models.size(), models.size() - missing.size(), missing.size());
        long t0 = System.nanoTime();
        Map<String, String> errors = new HashMap<>();
        for (TrainTask.Trained t : spark.train(missing, store.root())) {
            if (t.error() != null) {
                errors.put(t.id(), t.error());
                console.println("sweep: training model " + t.id() + " failed: " + t.error());
            }
        }
        if (!missing.isEmpty()) {
            console.printf(Locale.ROOT, "sweep: trained %d of %d float models in %.0f s%n",
                    missing.size() - errors.size(), missing.size(), (System.nanoTime() - t0) / 1e9);
        }
        List<CellSpec> runnable = new ArrayList<>();
        for (CellSpec c : todo) {
            String error = errors.get(SharedModel.of(c).id());
            if (error == null) {
                runnable.add(c);
            } else {
                store.fail(c.id(), "train: " + error);
            }
        }
        return runnable;
    }

    private static String read(Path p) throws IOException {
        try {
            return Files.readString(p);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--grid " + p + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException("--grid " + p + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Runs the command and returns its exit code: 0, or 2 after one line {@code dsodenet: error: ...}. */
    public static int run(PrintWriter err, String... args) {
        CommandLine cl = Cli.commandLine(new SweepCommand());
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            err.flush();
        }
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.err, true), args));
    }
}
