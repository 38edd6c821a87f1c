package org.dsodenet.sweep;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dsodenet.io.AtomicFile;

/** The merged table of a sweep's finished cells, as CSV and JSON, in grid order. */
public final class SweepTable {
    private SweepTable() {}

    public static String csv(List<CellRow> rows) {
        StringBuilder b = new StringBuilder(String.join(",", CellRow.COLUMNS)).append('\n');
        for (CellRow r : rows) {
            List<String> cells = new ArrayList<>();
            for (Object v : r.values()) {
                cells.add(field(v));
            }
            b.append(String.join(",", cells)).append('\n');
        }
        return b.toString();
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break; numbers in full precision. */
    private static String field(Object v) {
        String s = v instanceof Double d ? Double.toString(d) : String.valueOf(v);
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    public static String json(List<CellRow> rows) {
        JsonArray a = new JsonArray();
        for (CellRow r : rows) {
            a.add(JsonParser.parseString(r.toJson()));
        }
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(a) + "\n";
    }

    /** Writes {@code table.csv} and {@code table.json} into {@code dir}, each atomically. */
    public static void write(Path dir, List<CellRow> rows) {
        AtomicFile.write(dir.resolve("table.csv"), csv(rows).getBytes(StandardCharsets.UTF_8));
        AtomicFile.write(dir.resolve("table.json"), json(rows).getBytes(StandardCharsets.UTF_8));
    }
}
