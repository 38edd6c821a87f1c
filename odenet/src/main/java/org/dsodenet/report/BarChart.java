package org.dsodenet.report;

import java.util.List;

/**
 * A horizontal bar chart, one bar per category (e.g. overflow count per layer); horizontal so long layer names stay
 * readable.
 *
 * @param title      chart heading
 * @param valueLabel label of the value axis, may be empty
 * @param bars       bars from top to bottom (copied)
 * @param scale      linear, or logarithmic for counts spanning decades (zero and negative values draw no bar)
 */
public record BarChart(String title, String valueLabel, List<Bar> bars, Scale scale) {
    public BarChart {
        Checks.nonBlank("bar chart title", title);
        valueLabel = Checks.optional(valueLabel);
        bars = Checks.list("bar chart '" + title + "' bars", bars);
        if (scale == null) {
            scale = Scale.LINEAR;
        }
    }
}
