package org.dsodenet.sweep;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a grid file into its cells and checks every value of every cell, so that a typo ends the sweep in one line
 * before Spark starts rather than as a failed task an hour later.
 *
 * <pre>
 * { "fixed":   { KEY: VALUE, ... },            every cell's values
 *   "product": { KEY: [VALUE, ...], ... },      the cartesian product of these axes ("domains": [{source, target}])
 *   "cells":   [ { KEY: VALUE, ... }, ... ] }   explicit points, each over "fixed"
 * </pre>
 */
public final class GridParser {
    private static final Set<String> TOP = Set.of("name", "fixed", "product", "cells");

    private GridParser() {}

    /** The grid's cells, product first (last axis varying fastest), then the explicit list. */
    public static List<CellSpec> parse(String json) {
        JsonObject root = object(parseJson(json), "the grid");
        for (String k : root.keySet()) {
            if (!TOP.contains(k)) {
                throw new IllegalArgumentException("unknown top-level key '" + k + "' (known: " + String.join(", ",
                        List.of("name", "fixed", "product", "cells")) + ")");
            }
        }
        Map<String, String> fixed = root.has("fixed") ? values(object(root.get("fixed"), "\"fixed\""), "\"fixed\"")
                : Map.of();
        List<Map<String, String>> points = new ArrayList<>();
        if (root.has("product")) {
            points.addAll(product(object(root.get("product"), "\"product\""), fixed));
        }
        if (root.has("cells")) {
            JsonElement cells = root.get("cells");
            if (!cells.isJsonArray()) {
                throw new IllegalArgumentException("\"cells\" must be a list of objects");
            }
            int i = 0;
            for (JsonElement c : cells.getAsJsonArray()) {
                String where = "cells[" + i++ + "]";
                Map<String, String> p = new LinkedHashMap<>(fixed);
                p.putAll(values(object(c, where), where));
                points.add(p);
            }
        }
        if (points.isEmpty()) {
            throw new IllegalArgumentException("the grid has no cells: give \"product\" axes or a \"cells\" list");
        }
        List<CellSpec> specs = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Map<String, String> p : points) {
            CellValues.check(p, "cell " + (specs.size() + 1));
            CellSpec s = new CellSpec(p);
            Integer before = seen.putIfAbsent(s.id(), specs.size() + 1);
            if (before != null) {
                throw new IllegalArgumentException("cells " + before + " and " + (specs.size() + 1)
                        + " are the same point " + s.values() + "; each cell must differ");
            }
            specs.add(s);
        }
        return specs;
    }

    private static JsonElement parseJson(String json) {
        try {
            JsonReader r = new JsonReader(new StringReader(json));
            r.setStrictness(Strictness.STRICT);
            JsonElement e = JsonParser.parseReader(r);
            if (r.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("not JSON: text after the grid object");
            }
            return e;
        } catch (JsonParseException | java.io.IOException e) {
            String m = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            throw new IllegalArgumentException("not JSON: " + (m == null ? "malformed" : m.lines().findFirst().orElse(m)));
        }
    }

    private static List<Map<String, String>> product(JsonObject axes, Map<String, String> fixed) {
        List<Map<String, String>> acc = new ArrayList<>();
        acc.add(new LinkedHashMap<>(fixed));
        for (Map.Entry<String, JsonElement> axis : axes.entrySet()) {
            String key = axis.getKey();
            if (!axis.getValue().isJsonArray()) {
                throw new IllegalArgumentException("product axis '" + key + "' must be a list of values");
            }
            JsonArray vals = axis.getValue().getAsJsonArray();
            if (vals.isEmpty()) {
                throw new IllegalArgumentException("empty product: axis '" + key + "' has no values");
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : acc) {
                int i = 0;
                for (JsonElement v : vals) {
                    Map<String, String> p = new LinkedHashMap<>(partial);
                    p.putAll(axisValue(key, v, "product." + key + "[" + i++ + "]"));
                    next.add(p);
                }
            }
            acc = next;
        }
        return acc;
    }

    /** One value of an axis: a key's value, or for "domains" an object with source and target. */
    private static Map<String, String> axisValue(String key, JsonElement v, String where) {
        if (key.equals(GridKeys.DOMAINS)) {
            Map<String, String> m = values(object(v, where), where);
            if (!m.keySet().equals(Set.of(GridKeys.SOURCE, GridKeys.TARGET))) {
                throw new IllegalArgumentException(where + ": a domain pair sets exactly \"source\" and \"target\"");
            }
            return m;
        }
        JsonObject one = new JsonObject();
        one.add(key, v);
        return values(one, where);
    }

    private static Map<String, String> values(JsonObject o, String where) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            String k = e.getKey();
            if (!GridKeys.ALL.contains(k)) {
                throw new IllegalArgumentException(where + ": unknown key '" + k + "' (known: "
                        + String.join(", ", GridKeys.ALL) + "; and \"domains\" as a product axis)");
            }
            m.put(k, text(k, e.getValue(), where));
        }
        return m;
    }

    /** A value as it goes onto the command line: channels and rules may be lists, everything else a scalar. */
    private static String text(String key, JsonElement v, String where) {
        if (v.isJsonArray() && (key.equals(GridKeys.CHANNELS) || key.equals(GridKeys.LAYER_PRECISION))) {
            List<String> parts = new ArrayList<>();
            for (JsonElement e : v.getAsJsonArray()) {
                parts.add(scalar(key, e, where));
            }
            return String.join(key.equals(GridKeys.CHANNELS) ? "," : GridKeys.RULE_SEPARATOR, parts);
        }
        return scalar(key, v, where);
    }

    private static String scalar(String key, JsonElement v, String where) {
        if (!v.isJsonPrimitive() || ((JsonPrimitive) v).isBoolean()) {
            throw new IllegalArgumentException(where + ": '" + key + "' must be a string or a number, got " + v);
        }
        String s = v.getAsString();
        if (s.contains("\n")) {
            throw new IllegalArgumentException(where + ": '" + key + "' must not contain a line break");
        }
        return s;
    }

    private static JsonObject object(JsonElement e, String what) {
        if (e == null || !e.isJsonObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        return e.getAsJsonObject();
    }
}
