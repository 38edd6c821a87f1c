package org.dsodenet.sweep;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One point of a sweep: the values of every grid key, as text exactly as they go onto the command line. Sent to
 * Spark executors, hence serializable; the values are checked by {@link GridParser} before it is made.
 *
 * @param values key (one of {@link GridKeys#ALL}) to value; keys not given take the CLI's defaults
 */
public record CellSpec(Map<String, String> values) implements Serializable {
    private static final long serialVersionUID = 1L;

    public CellSpec {
        values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public String get(String key) {
        return values.get(key);
    }

    public String getOr(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    /** The layer-precision rules, in the order given (the last match wins, so order matters). */
    public List<String> layerPrecision() {
        String v = values.get(GridKeys.LAYER_PRECISION);
        return v == null || v.isEmpty() ? List.of() : List.of(v.split(GridKeys.RULE_SEPARATOR));
    }

    /**
     * A name that depends only on the cell's values, so a resumed sweep finds the results of the same cell even when
     * the grid file was reordered or extended: a readable prefix and a digest of all values.
     */
    public String id() {
        String label = String.join("-", getOr(GridKeys.ARCH, "dsodenet"), getOr(GridKeys.PRECISION, "fx16"),
                "s" + getOr(GridKeys.SEED, "1")).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "_");
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(values.toString().getBytes(StandardCharsets.UTF_8));
            return label + "-" + HexFormat.of().formatHex(d, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
