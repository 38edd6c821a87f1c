package org.dsodenet.report;

import java.nio.file.Path;

/** Writes the sample reports to a directory, to look at them in a browser: {@code RenderSample OUT_DIR}. */
final class RenderSample {
    private RenderSample() {}

    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        HtmlReport.write(SampleReports.full(), dir.resolve("full.html"));
        HtmlReport.write(SampleReports.hostile(), dir.resolve("hostile.html"));
        HtmlReport.write(ReportData.builder("empty").build(), dir.resolve("empty.html"));
    }
}
