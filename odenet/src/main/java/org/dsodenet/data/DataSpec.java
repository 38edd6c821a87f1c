package org.dsodenet.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed dataset spec: a bundled name or a path, optionally followed by {@code ?key=value&key=value} options, e.g.
 * {@code digits.csv?label=first&max=16}. The options a loader understands are documented in {@link Datasets}; any
 * other key is an error, so a typo never silently changes how data is read.
 */
public record DataSpec(String target, Map<String, String> options) {
    /** Every option key some loader understands. */
    public static final Set<String> KNOWN = Set.of("name", "classes", "max", "label", "header", "shape");

    public DataSpec {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** Splits {@code spec} at the last {@code '?'} into target and options. */
    public static DataSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("dataset spec must not be empty");
        }
        String s = spec.strip();
        int q = s.lastIndexOf('?');
        Map<String, String> opts = new LinkedHashMap<>();
        if (q >= 0) {
            for (String kv : s.substring(q + 1).split("&")) {
                if (kv.isEmpty()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                if (eq <= 0 || eq == kv.length() - 1) {
                    throw new IllegalArgumentException(spec + ": option '" + kv + "' is not key=value");
                }
                String key = kv.substring(0, eq).strip();
                if (!KNOWN.contains(key)) {
                    throw new IllegalArgumentException(spec + ": unknown option '" + key + "' (known: "
                            + new TreeSet<>(KNOWN) + ")");
                }
                if (opts.put(key, kv.substring(eq + 1).strip()) != null) {
                    throw new IllegalArgumentException(spec + ": option '" + key + "' given twice");
                }
            }
            s = s.substring(0, q);
        }
        if (s.isBlank()) {
            throw new IllegalArgumentException(spec + ": no dataset name or path before the options");
        }
        return new DataSpec(s, opts);
    }

    /** Fails if an option outside {@code allowed} was given, naming the kind of source that rejects it. */
    public void allowOnly(String kind, Set<String> allowed) {
        for (String k : options.keySet()) {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException(target + ": option '" + k + "' does not apply to " + kind
                        + " (it takes " + new TreeSet<>(allowed) + ")");
            }
        }
    }

    public String option(String key) {
        return options.get(key);
    }

    /** A positive integer option, or {@code fallback} when absent. */
    public int intOption(String key, int fallback, int max) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v);
            if (i >= 1 && i <= max) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw new IllegalArgumentException(target + ": option " + key + "=" + v + " must be an integer in [1, " + max
                + "]");
    }
}
