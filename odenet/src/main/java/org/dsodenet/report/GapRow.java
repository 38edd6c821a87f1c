package org.dsodenet.report;

/**
 * One adapted model's place in its target's domain gap: a row of the report's gap table.
 *
 * @param domain    target domain, e.g. "uci-digits"
 * @param method    adaptation method, e.g. "distill"
 * @param precision number format, e.g. "float" or "fx8"
 * @param accuracy  the adapted model's target accuracy, a fraction in [0, 1] or NaN
 * @param gap       the target's source-only and oracle accuracies
 */
public record GapRow(String domain, String method, String precision, double accuracy, GapClosure gap) {
    public GapRow {
        Checks.text("gap domain", domain);
        Checks.text("gap method", method);
        Checks.text("gap precision", precision);
        if (gap == null) {
            throw new IllegalArgumentException("gap of " + method + " " + precision + " must not be null");
        }
        gap.closed(accuracy); // refuses an accuracy outside [0, 1] with the field named
    }

    /** The share closed as the report prints it: "93.4%" or "n/a". */
    public String closedLabel() {
        return gap.label(accuracy);
    }
}
