package org.dsodenet.sweep;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dsodenet.codegen.estimate.Part;
import org.dsodenet.data.DataSpec;
import org.dsodenet.data.Datasets;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.Downsample;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.training.Method;
import org.dsodenet.quant.LayerPrecisions;

/**
 * Checks one cell's values with the parsers the CLI itself uses (architecture, precision and rules, method, part),
 * so a value the sweep accepts is one the commands accept.
 */
final class CellValues {
    /** The method value that skips the adapt command. */
    static final String NO_ADAPT = "none";

    private CellValues() {}

    /** Architectures and rules already found to match, so a grid of many seeds builds each model once. */
    private static final Set<String> checkedRules = ConcurrentHashMap.newKeySet();

    static void check(Map<String, String> v, String where) {
        for (Map.Entry<String, String> e : v.entrySet()) {
            try {
                checkOne(e.getKey(), e.getValue());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where + ": " + e.getKey() + " '" + e.getValue().replace("\n", "; ")
                        + "': " + ex.getMessage());
            }
        }
        String precision = v.getOrDefault(GridKeys.PRECISION, "fx16");
        List<String> rules = new CellSpec(v).layerPrecision();
        try {
            LayerPrecisions.parse(precision, rules);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(where + ": precision '" + precision + "': " + ex.getMessage());
        }
        ModelConfig cfg;
        try {
            cfg = CellArchitecture.config(v);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(where + ": " + ex.getMessage());
        }
        String key = cfg.toJsonString() + "|" + precision + "|" + rules;
        if (!checkedRules.contains(key)) {
            try {
                CellArchitecture.checkRules(cfg, precision, rules);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where + ": layerPrecision '" + String.join("; ", rules) + "': "
                        + ex.getMessage());
            }
            checkedRules.add(key);
        }
    }

    private static void checkOne(String key, String value) {
        switch (key) {
            case GridKeys.ARCH -> Arch.parse(value);
            case GridKeys.DOWNSAMPLE -> Downsample.parse(value);
            case GridKeys.PART -> Part.parse(value);
            case GridKeys.METHOD -> {
                if (!value.equals(NO_ADAPT)) {
                    Method.parse(value);
                }
            }
            case GridKeys.CHANNELS -> {
                String[] c = value.split(",", -1);
                if (c.length != 3) {
                    throw new IllegalArgumentException("give the channels of the three stages, e.g. 8,16,32");
                }
                for (String x : c) {
                    positiveInt(x.strip());
                }
            }
            case GridKeys.STEPS, GridKeys.EPOCHS, GridKeys.ADAPT_EPOCHS, GridKeys.MAX_IMAGES, GridKeys.EVAL_IMAGES,
                    GridKeys.CALIB_IMAGES -> positiveInt(value);
            case GridKeys.QAT_EPOCHS -> {
                if (Integer.parseInt(intText(value)) < 0) {
                    throw new IllegalArgumentException("must be 0 or more");
                }
            }
            case GridKeys.SEED -> Long.parseLong(intText(value));
            case GridKeys.KD_WEIGHT, GridKeys.ALIGN_WEIGHT, GridKeys.IM_WEIGHT, GridKeys.PSEUDO_WEIGHT -> number(value, true);
            case GridKeys.LR, GridKeys.CLOCK -> number(value, false);
            case GridKeys.SOURCE, GridKeys.TARGET -> data(value);
            case GridKeys.PRECISION, GridKeys.LAYER_PRECISION -> { } // checked together, above
            default -> throw new IllegalArgumentException("unknown key");
        }
    }

    private static void positiveInt(String s) {
        if (Integer.parseInt(intText(s)) < 1) {
            throw new IllegalArgumentException("must be at least 1");
        }
    }

    private static String intText(String s) {
        if (!s.matches("-?[0-9]+")) {
            throw new IllegalArgumentException("not a whole number");
        }
        return s;
    }

    private static void number(String s, boolean zeroAllowed) {
        double d;
        try {
            d = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number");
        }
        if (!Double.isFinite(d) || d < 0 || (!zeroAllowed && d == 0)) {
            throw new IllegalArgumentException(zeroAllowed ? "must be 0 or more" : "must be more than 0");
        }
    }

    /** A bundled name or a path that exists here; workers of a cluster must see the same path. */
    private static void data(String spec) {
        String target = DataSpec.parse(spec).target();
        if (Datasets.BUNDLED.contains(target)) {
            return;
        }
        try {
            if (Files.exists(Path.of(target))) {
                return;
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        throw new IllegalArgumentException("neither a bundled data set (" + String.join(", ", Datasets.BUNDLED)
                + ") nor an existing path");
    }
}
