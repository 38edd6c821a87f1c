package org.dsodenet.report;

import java.util.List;

/**
 * Parameter counts per layer, with an optional reference model (normally ODENet) for the reduction line.
 *
 * @param rows           layers in network order (copied)
 * @param referenceName  name of the model compared against, e.g. "ODENet"; empty for no reduction line
 * @param referenceCount total parameters of the reference model; ignored when {@code referenceName} is empty
 */
public record ParamTable(List<ParamRow> rows, String referenceName, long referenceCount) {
    public ParamTable {
        rows = Checks.list("parameter rows", rows);
        referenceName = Checks.optional(referenceName);
        Checks.count("reference parameter count", referenceCount);
        if (!referenceName.isEmpty() && referenceCount == 0) {
            throw new IllegalArgumentException("reference model " + referenceName + " must have a positive parameter count");
        }
    }

    /** A table without a reference model. */
    public ParamTable(List<ParamRow> rows) {
        this(rows, "", 0);
    }

    public long total() {
        return rows.stream().mapToLong(ParamRow::count).sum();
    }

    public long total(ParamGroup group) {
        return rows.stream().filter(r -> r.group() == group).mapToLong(ParamRow::count).sum();
    }

    public boolean hasReference() {
        return !referenceName.isEmpty();
    }

    /** Fraction of the reference's parameters saved, e.g. 0.62 for 62 % fewer; negative if this model is larger. */
    public double reduction() {
        if (!hasReference()) {
            throw new IllegalStateException("no reference model to compare with");
        }
        return 1.0 - (double) total() / referenceCount;
    }
}
