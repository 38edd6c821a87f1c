package org.dsodenet.report;

/** Trainable parameter count of one layer. */
public record ParamRow(String layer, ParamGroup group, long count) {
    public ParamRow {
        Checks.nonBlank("parameter layer", layer);
        if (group == null) {
            throw new IllegalArgumentException("parameter group of " + layer + " must not be null");
        }
        Checks.count("parameter count of " + layer, count);
    }
}
