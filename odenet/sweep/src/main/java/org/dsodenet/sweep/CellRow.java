package org.dsodenet.sweep;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.Serializable;
import java.util.List;

/**
 * The result of one finished cell: what it ran, the accuracies (float and bit-exact fixed point, on the test split
 * of source and target), size, the hardware estimate and the overflow counters of the fixed-point evaluations.
 *
 * @param saturated conversions that saturated, over both fixed-point evaluations
 * @param wrapped   conversions that wrapped, over both fixed-point evaluations
 * @param command   the shell line that reproduces the cell (its paths are those of the sweep's work directory)
 */
public record CellRow(String id, String arch, String channels, String steps, String downsample, String precision,
        String layerPrecision, String method, long seed, String source, String target, double floatSourceAcc,
        double floatTargetAcc, double fixedSourceAcc, double fixedTargetAcc, long params, String part, int dsp,
        int bram18, int uram, long cycles, double latencyUs, long saturated, long wrapped, long conversions,
        double seconds, String command) implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** Column names of the table, in record order. */
    public static final List<String> COLUMNS = java.util.Arrays.stream(CellRow.class.getRecordComponents())
            .map(java.lang.reflect.RecordComponent::getName).toList();

    public String toJson() {
        return GSON.toJson(this);
    }

    public static CellRow fromJson(String json) {
        CellRow r = GSON.fromJson(json, CellRow.class);
        if (r == null || r.id() == null || r.command() == null) {
            throw new IllegalArgumentException("not a cell result");
        }
        return r;
    }

    /** The values in {@link #COLUMNS} order. */
    public List<Object> values() {
        return java.util.Arrays.stream(CellRow.class.getRecordComponents()).map(c -> {
            try {
                return c.getAccessor().invoke(this);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** Whether the cell adapted its model to the target (method other than "none"). */
    public boolean adapted() {
        return !method.equals(CellValues.NO_ADAPT);
    }
}
