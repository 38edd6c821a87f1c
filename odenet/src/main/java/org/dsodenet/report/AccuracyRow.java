package org.dsodenet.report;

/**
 * One measured accuracy.
 *
 * @param domain    data domain, e.g. "source (MNIST)" or "target (USPS)"
 * @param method    model or training method, e.g. "dsODENet + DANN"
 * @param precision number format, e.g. "float32" or "ap_fixed<16,6>"
 * @param accuracy  fraction correct in [0, 1], or NaN when not measured
 * @param notes     free text, may be empty
 * @param headline  whether the summary box at the top shows this row
 */
public record AccuracyRow(String domain, String method, String precision, double accuracy, String notes,
        boolean headline) {
    public AccuracyRow {
        Checks.text("accuracy domain", domain);
        Checks.text("accuracy method", method);
        Checks.text("accuracy precision", precision);
        if (!Double.isNaN(accuracy) && !(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException("accuracy must be a fraction in [0, 1] (or NaN), got " + accuracy);
        }
        notes = Checks.optional(notes);
    }

    public AccuracyRow(String domain, String method, String precision, double accuracy) {
        this(domain, method, precision, accuracy, "", false);
    }

    public AccuracyRow(String domain, String method, String precision, double accuracy, String notes) {
        this(domain, method, precision, accuracy, notes, false);
    }

    /** This row, shown in the summary box. */
    public AccuracyRow asHeadline() {
        return new AccuracyRow(domain, method, precision, accuracy, notes, true);
    }
}
