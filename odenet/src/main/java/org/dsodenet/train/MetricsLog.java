package org.dsodenet.train;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsodenet.io.AtomicFile;

/**
 * Metrics of a run as rows of name to value, written as CSV and JSON next to each other:
 * {@code <dir>/<name>.csv|.json} for per-epoch rows and {@code <dir>/<name>-iter.csv|.json} for per-iteration
 * rows.
 *
 * <p>Each {@link #epoch} call rewrites all files atomically ({@link AtomicFile}), so they are always complete and
 * current at epoch boundaries; {@link #iteration} only buffers (rewriting a growing file every iteration would cost
 * quadratic time) until the next {@link #epoch} or {@link #flush}.
 *
 * <p>Columns are {@code epoch} (and {@code iteration}) followed by the metric names in first-seen order; a row
 * without some metric leaves its CSV cell empty and omits the JSON field. Values are printed with
 * {@link Double#toString} (round-trip exact); non-finite values are {@code NaN}/{@code Infinity} in CSV and
 * {@code null} in JSON (which has no such numbers) and read back as NaN. Metric names must be non-empty, must not
 * be {@code epoch} or {@code iteration}, and must not contain commas, quotes or line breaks.
 */
public final class MetricsLog {
    private final Path dir;
    private final String name;
    private final List<Row> epochs = new ArrayList<>();
    private final List<Row> iterations = new ArrayList<>();

    /**
     * One row of metrics.
     *
     * @param epoch     epoch (from 0)
     * @param iteration iteration within the epoch, or -1 for an epoch row
     * @param values    metric values by name, in insertion order
     */
    public record Row(int epoch, int iteration, Map<String, Double> values) {
        public Row {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    /** A new, empty log; files are written on the first {@link #epoch} or {@link #flush}. */
    public MetricsLog(Path dir, String name) {
        if (name == null || name.isEmpty() || !name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new IllegalArgumentException("unsafe metrics log name '" + name + "'");
        }
        this.dir = dir;
        this.name = name;
    }

    /**
     * Continues a log after resuming from a checkpoint at {@code fromEpoch}: rows already written for epochs
     * before {@code fromEpoch} are kept, later ones (from the interrupted run) are dropped. A missing file means
     * an empty log.
     */
    public static MetricsLog resume(Path dir, String name, int fromEpoch) {
        MetricsLog log = new MetricsLog(dir, name);
        log.readRows(log.epochJson(), false, fromEpoch, log.epochs);
        log.readRows(log.iterationJson(), true, fromEpoch, log.iterations);
        return log;
    }

    /** Appends the metrics of a finished epoch and rewrites the files. */
    public void epoch(int epoch, Map<String, Double> metrics) {
        epochs.add(checkedRow(epoch, -1, metrics));
        flush();
    }

    /** Buffers the metrics of one iteration; written by the next {@link #epoch} or {@link #flush}. */
    public void iteration(int epoch, int iteration, Map<String, Double> metrics) {
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration must be non-negative, got " + iteration);
        }
        iterations.add(checkedRow(epoch, iteration, metrics));
    }

    /** Rewrites the CSV and JSON files from all rows. */
    public void flush() {
        write(epochCsv(), epochJson(), epochs, false);
        if (!iterations.isEmpty()) {
            write(iterationCsv(), iterationJson(), iterations, true);
        }
    }

    public List<Row> epochs() {
        return List.copyOf(epochs);
    }

    public List<Row> iterations() {
        return List.copyOf(iterations);
    }

    /** Every file this log may write, so a command can check them before its run starts. */
    public List<Path> files() {
        return List.of(epochCsv(), epochJson(), iterationCsv(), iterationJson());
    }

    public Path epochCsv() {
        return dir.resolve(name + ".csv");
    }

    public Path epochJson() {
        return dir.resolve(name + ".json");
    }

    public Path iterationCsv() {
        return dir.resolve(name + "-iter.csv");
    }

    public Path iterationJson() {
        return dir.resolve(name + "-iter.json");
    }

    private static Row checkedRow(int epoch, int iteration, Map<String, Double> metrics) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be non-negative, got " + epoch);
        }
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            String k = e.getKey();
            if (k == null || k.isEmpty() || k.equals("epoch") || k.equals("iteration") || k.indexOf(',') >= 0
                    || k.indexOf('"') >= 0 || k.indexOf('\n') >= 0 || k.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("invalid metric name '" + k + "'");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("metric '" + k + "' has no value");
            }
        }
        return new Row(epoch, iteration, metrics);
    }

    private static List<String> columns(List<Row> rows) {
        Set<String> cols = new LinkedHashSet<>();
        for (Row r : rows) {
            cols.addAll(r.values().keySet());
        }
        return new ArrayList<>(cols);
    }

    private static void write(Path csv, Path json, List<Row> rows, boolean withIteration) {
        List<String> cols = columns(rows);
        StringBuilder sb = new StringBuilder(withIteration ? "epoch,iteration" : "epoch");
        for (String c : cols) {
            sb.append(',').append(c);
        }
        sb.append('\n');
        JsonArray arr = new JsonArray();
        for (Row r : rows) {
            sb.append(r.epoch());
            JsonObject o = new JsonObject();
            o.addProperty("epoch", r.epoch());
            if (withIteration) {
                sb.append(',').append(r.iteration());
                o.addProperty("iteration", r.iteration());
            }
            for (String c : cols) {
                sb.append(',');
                Double v = r.values().get(c);
                if (v != null) {
                    sb.append(v);
                    o.add(c, Double.isFinite(v) ? new JsonPrimitive(v) : JsonNull.INSTANCE);
                }
            }
            sb.append('\n');
            arr.add(o);
        }
        String jsonText = new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(arr) + "\n";
        AtomicFile.write(csv, sb.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFile.write(json, jsonText.getBytes(StandardCharsets.UTF_8));
    }

    private void readRows(Path json, boolean withIteration, int fromEpoch, List<Row> into) {
        if (!Files.exists(json)) {
            return;
        }
        try {
            JsonArray arr = JsonParser.parseString(Files.readString(json)).getAsJsonArray();
            for (JsonElement el : arr) {
                JsonObject o = el.getAsJsonObject();
                int epoch = o.get("epoch").getAsInt();
                int iteration = withIteration ? o.get("iteration").getAsInt() : -1;
                Map<String, Double> values = new LinkedHashMap<>();
                for (Map.Entry<String, JsonElement> e : o.entrySet()) {
                    String k = e.getKey();
                    if (!k.equals("epoch") && !k.equals("iteration")) {
                        values.put(k, e.getValue().isJsonNull() ? Double.NaN : e.getValue().getAsDouble());
                    }
                }
                if (epoch < fromEpoch) {
                    into.add(checkedRow(epoch, iteration, values));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read metrics " + json + ": " + e.getMessage(), e);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | NullPointerException
                 | NumberFormatException e) {
            throw new IllegalArgumentException("metrics file " + json + " is malformed: " + e.getMessage());
        }
    }
}
