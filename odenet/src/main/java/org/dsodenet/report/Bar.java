package org.dsodenet.report;

/** One bar: a category label and its value (NaN draws no bar and shows "n/a"). */
public record Bar(String label, double value) {
    public Bar {
        Checks.text("bar label", label);
    }
}
