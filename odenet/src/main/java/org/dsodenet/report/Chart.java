package org.dsodenet.report;

import java.util.List;

/**
 * A line chart of one or more series sharing axes, e.g. "loss" with "source train" and "target eval".
 *
 * @param title  chart heading
 * @param xLabel x axis label, may be empty
 * @param yLabel y axis label, may be empty
 * @param series curves (copied); may be empty, which draws a "no data" chart
 * @param yScale linear or logarithmic y axis
 */
public record Chart(String title, String xLabel, String yLabel, List<Series> series, Scale yScale) {
    public Chart {
        Checks.nonBlank("chart title", title);
        xLabel = Checks.optional(xLabel);
        yLabel = Checks.optional(yLabel);
        series = Checks.list("chart '" + title + "' series", series);
        if (yScale == null) {
            yScale = Scale.LINEAR;
        }
    }

    public Chart(String title, String xLabel, String yLabel, List<Series> series) {
        this(title, xLabel, yLabel, series, Scale.LINEAR);
    }
}
