package org.dsodenet.sweep;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads numbers back from what the CLI commands print and write (eval --json, params, export-hls's estimate.txt). */
final class CellOutputs {
    private static final Pattern TOTAL = Pattern.compile("(?m)^total\\s+([0-9.]+)\\s+([0-9]+)\\s+([0-9]+)\\s+([0-9]+)\\s+([0-9]+)\\s*$");
    private static final Pattern PARAMS = Pattern.compile("(?m)^total\\s+([0-9]+)\\s*$");
    private static final Pattern LATENCY = Pattern.compile("(?m)^latency ([0-9.]+) us per inference");
    private static final Pattern PART = Pattern.compile("^Estimate for (\\S+) ");

    private CellOutputs() {}

    /** The output of {@code eval --json}. */
    record Eval(double accuracy, int images, long saturated, long wrapped, long conversions) {
        static Eval parse(String json) {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            JsonObject c = o.getAsJsonObject("conversions");
            return new Eval(o.get("accuracy").getAsDouble(), o.get("images").getAsInt(),
                    c == null ? 0 : c.get("saturated").getAsLong(), c == null ? 0 : c.get("wrapped").getAsLong(),
                    c == null ? 0 : c.get("conversions").getAsLong());
        }
    }

    /** The totals of export-hls's {@code estimate.txt}. */
    record Estimate(String part, int bram18, int uram, int dsp, long cycles, double latencyUs) {
        static Estimate parse(String text) {
            Matcher t = need(TOTAL, text, "total row");
            return new Estimate(need(PART, text, "part").group(1), Integer.parseInt(t.group(2)),
                    Integer.parseInt(t.group(3)), Integer.parseInt(t.group(4)), Long.parseLong(t.group(5)),
                    Double.parseDouble(need(LATENCY, text, "latency").group(1)));
        }
    }

    /** The total of {@code params}'s table. */
    static long params(String table) {
        return Long.parseLong(need(PARAMS, table, "parameter total").group(1));
    }

    private static Matcher need(Pattern p, String text, String what) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + what + " in the command's output");
        }
        return m;
    }
}
