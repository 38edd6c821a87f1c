package org.dsodenet.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws charts as standalone SVG fragments (well-formed XML, no scripts, fonts and colours inline) to embed in the
 * HTML report. Points that cannot be drawn (NaN, infinite, beyond {@link Ticks#LIMIT}, or below
 * {@link Ticks#LOG_FLOOR} on a log axis) are skipped and break the line; a chart with nothing to draw says "no data".
 */
public final class SvgChart {
    /** Colour-blind safe series colours (Okabe and Ito), most distinct first. */
    static final String[] PALETTE = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
        "#F0E442"};

    private static final String FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif";
    /** Average glyph widths of the 11 px text and the 13 px bold titles, for layout without font metrics. */
    private static final double CHAR_W = 6.4;
    private static final double TITLE_W = 7.8;
    private static final int MARKER_LIMIT = 40;

    private SvgChart() {}

    /** A line chart 560 units wide with a 230 unit high plot area; the SVG scales to its container. */
    public static String line(Chart c) {
        return line(c, 560, 230);
    }

    public static String line(Chart c, int width, int plotHeight) {
        if (width < 200 || plotHeight < 60) {
            throw new IllegalArgumentException("chart needs width >= 200 and plot height >= 60, got " + width + "x"
                    + plotHeight);
        }
        boolean log = c.yScale() == Scale.LOG;
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        boolean integerX = true;
        for (Series s : c.series()) {
            for (Point p : s.points()) {
                if (drawable(p, log)) {
                    xMin = Math.min(xMin, p.x());
                    xMax = Math.max(xMax, p.x());
                    yMin = Math.min(yMin, p.y());
                    yMax = Math.max(yMax, p.y());
                    integerX &= p.x() == Math.rint(p.x());
                }
            }
        }
        boolean empty = xMin > xMax;
        Ticks xt = empty ? Ticks.linear(0, 1, 5, false) : Ticks.linear(xMin, xMax, 6, integerX);
        Ticks yt = empty ? Ticks.linear(0, 1, 5, false) : log ? Ticks.log(yMin, yMax, 6) : Ticks.linear(yMin, yMax, 5, false);

        int longest = yt.labels().stream().mapToInt(String::length).max().orElse(1);
        double left = 10 + (c.yLabel().isEmpty() ? 0 : 16) + longest * CHAR_W + 8;
        double right = width - 16;
        double top = 30;
        double bottom = top + plotHeight;
        double legendTop = bottom + (c.xLabel().isEmpty() ? 30 : 52);
        List<double[]> legendPos = legendLayout(c.series(), width);
        int rows = legendPos.isEmpty() ? 0 : (int) legendPos.get(legendPos.size() - 1)[1] + 1;
        double height = legendTop + rows * 17 + 4;

        StringBuilder b = new StringBuilder(4096);
        open(b, width, height, c.title());
        text(b, 8, 17, "start", "c-title", fit(c.title(), width - 16, TITLE_W));
        // Grid and ticks.
        for (int i = 0; i < yt.values().size(); i++) {
            double y = bottom - yt.fraction(yt.values().get(i)) * plotHeight;
            seg(b, left, y, right, y, "c-grid");
            text(b, left - 6, y + 4, "end", "c-tick", yt.labels().get(i));
        }
        xAxis(b, xt, left, right, top, bottom);
        seg(b, left, top, left, bottom, "c-axis");
        if (!c.xLabel().isEmpty()) {
            text(b, (left + right) / 2, bottom + 33, "middle", "c-label", fit(c.xLabel(), right - left, CHAR_W));
        }
        if (!c.yLabel().isEmpty()) {
            double cy = (top + bottom) / 2;
            b.append("<text x=\"0\" y=\"0\" text-anchor=\"middle\" font-size=\"11\" fill=\"#57606a\" transform=\"translate(")
                    .append(f(14)).append(' ').append(f(cy)).append(") rotate(-90)\">");
            Html.appendEscaped(b, fit(c.yLabel(), plotHeight, CHAR_W));
            b.append("</text>\n");
        }
        if (empty) {
            text(b, (left + right) / 2, (top + bottom) / 2 + 4, "middle", "c-label", "no data");
        }
        // Series.
        for (int si = 0; si < c.series().size(); si++) {
            Series s = c.series().get(si);
            String colour = PALETTE[si % PALETTE.length];
            StringBuilder d = new StringBuilder();
            List<double[]> marks = new ArrayList<>();
            int run = 0;
            // A run of one point has no visible stroke; it gets a marker even when long series get none.
            double[] runStart = null;
            long drawn = s.points().stream().filter(p -> drawable(p, log)).count();
            for (Point p : s.points()) {
                if (!drawable(p, log)) {
                    if (run == 1 && drawn > MARKER_LIMIT) {
                        marks.add(runStart);
                    }
                    run = 0;
                    continue;
                }
                double x = left + xt.fraction(p.x()) * (right - left);
                double y = bottom - yt.fraction(p.y()) * plotHeight;
                d.append(run == 0 ? "M" : "L").append(f(x)).append(' ').append(f(y));
                if (run == 0) {
                    runStart = new double[] {x, y};
                }
                run++;
                if (drawn <= MARKER_LIMIT) {
                    marks.add(new double[] {x, y});
                }
            }
            if (run == 1 && drawn > MARKER_LIMIT) {
                marks.add(runStart);
            }
            if (d.length() > 0) {
                b.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(colour)
                        .append("\" stroke-width=\"1.8\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>\n");
            }
            for (double[] m : marks) {
                b.append("<circle cx=\"").append(f(m[0])).append("\" cy=\"").append(f(m[1]))
                        .append("\" r=\"2.6\" fill=\"").append(colour).append("\"/>\n");
            }
        }
        // Legend below the plot, wrapped to the chart width.
        for (int si = 0; si < legendPos.size(); si++) {
            double x = legendPos.get(si)[0];
            double y = legendTop + legendPos.get(si)[1] * 17;
            String colour = PALETTE[si % PALETTE.length];
            b.append("<rect x=\"").append(f(x)).append("\" y=\"").append(f(y - 4)).append("\" width=\"16\" height=\"3\" fill=\"")
                    .append(colour).append("\"/>\n");
            text(b, x + 21, y, "start", "c-legend", fit(c.series().get(si).name(), width - 50, CHAR_W));
        }
        b.append("</svg>");
        return b.toString();
    }

    /** A horizontal bar chart 560 units wide, one 18 unit row per bar. */
    public static String bar(BarChart c) {
        return bar(c, 560);
    }

    public static String bar(BarChart c, int width) {
        if (width < 240) {
            throw new IllegalArgumentException("bar chart needs width >= 240, got " + width);
        }
        boolean log = c.scale() == Scale.LOG;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean integers = true;
        for (Bar bar : c.bars()) {
            if (drawable(bar.value(), log)) {
                min = Math.min(min, bar.value());
                max = Math.max(max, bar.value());
                integers &= bar.value() == Math.rint(bar.value());
            }
        }
        boolean empty = min > max;
        Ticks t;
        if (empty) {
            t = Ticks.linear(0, 1, 5, false);
        } else if (log) {
            t = Ticks.log(min, max, 6);
        } else {
            // Bars grow from zero, so zero is always on the axis; an all-zero chart still gets a unit axis.
            double lo = Math.min(0, min);
            double hi = Math.max(0, max);
            t = lo == hi ? Ticks.linear(0, 1, 5, integers) : Ticks.linear(lo, hi, 6, integers);
        }
        int longest = c.bars().stream().mapToInt(bar -> bar.label().length()).max().orElse(4);
        int maxChars = 28;
        double labelW = Math.min(longest, maxChars) * CHAR_W + 12;
        String widestValue = c.bars().stream().map(bar -> valueLabel(bar.value(), log)).reduce("", (a, x) -> a.length() >= x.length() ? a : x);
        double left = labelW;
        double right = width - 14 - widestValue.length() * CHAR_W;
        double top = 30;
        int rowH = 18;
        double bottom = top + Math.max(1, c.bars().size()) * rowH;
        double height = bottom + (c.valueLabel().isEmpty() ? 26 : 42);

        StringBuilder b = new StringBuilder(4096);
        open(b, width, height, c.title());
        text(b, 8, 17, "start", "c-title", fit(c.title(), width - 16, TITLE_W));
        xAxis(b, t, left, right, top, bottom);
        if (!c.valueLabel().isEmpty()) {
            text(b, (left + right) / 2, bottom + 33, "middle", "c-label", fit(c.valueLabel(), right - left, CHAR_W));
        }
        if (empty) {
            text(b, (left + right) / 2, (top + bottom) / 2 + 4, "middle", "c-label", "no data");
        }
        double base = log ? left : left + t.fraction(0) * (right - left);
        for (int i = 0; i < c.bars().size(); i++) {
            Bar bar = c.bars().get(i);
            double y = top + i * rowH;
            String label = fit(bar.label(), maxChars * CHAR_W, CHAR_W);
            b.append("<g>");
            b.append("<title>");
            Html.appendEscaped(b, bar.label() + ": " + valueLabel(bar.value(), log));
            b.append("</title>");
            text(b, left - 6, y + 13, "end", "c-tick", label);
            double end = base;
            if (drawable(bar.value(), log)) {
                end = left + t.fraction(bar.value()) * (right - left);
                double x0 = Math.min(base, end);
                double w = Math.abs(end - base);
                b.append("<rect x=\"").append(f(x0)).append("\" y=\"").append(f(y + 3)).append("\" width=\"")
                        .append(f(Math.max(w, 0.8))).append("\" height=\"12\" rx=\"1.5\" fill=\"")
                        .append(PALETTE[0]).append("\"/>");
            }
            boolean negative = bar.value() < 0 && !log;
            text(b, negative ? Math.min(end, base) - 4 : Math.max(end, base) + 4, y + 13, negative ? "end" : "start",
                    "c-value", valueLabel(bar.value(), log));
            b.append("</g>\n");
        }
        b.append("</svg>");
        return b.toString();
    }

    /** The text, cut with an ellipsis if it would run past {@code px} units. */
    static String fit(String s, double px, double charW) {
        int max = (int) (px / charW);
        if (s.length() <= max) {
            return s;
        }
        int keep = Math.max(1, max - 1);
        if (Character.isHighSurrogate(s.charAt(keep - 1))) {
            keep--;
        }
        return s.substring(0, keep) + "\u2026";
    }

    private static String valueLabel(double v, boolean log) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Fmt.count((long) v);
        }
        return Fmt.sig(v);
    }

    private static boolean drawable(Point p, boolean log) {
        return Math.abs(p.x()) <= Ticks.LIMIT && drawable(p.y(), log);
    }

    private static boolean drawable(double v, boolean log) {
        return Math.abs(v) <= Ticks.LIMIT && (!log || v >= Ticks.LOG_FLOOR);
    }

    /** Legend entry positions as {x, row}, wrapping when an entry would pass the right edge. */
    private static List<double[]> legendLayout(List<Series> series, int width) {
        List<double[]> pos = new ArrayList<>();
        double x = 12;
        int row = 0;
        for (Series s : series) {
            double w = 21 + Math.min(s.name().length() * CHAR_W, width - 50) + 16;
            if (x + w > width - 8 && x > 12) {
                x = 12;
                row++;
            }
            pos.add(new double[] {x, row});
            x += w;
        }
        return pos;
    }

    private static void open(StringBuilder b, int width, double height, String title) {
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(width).append(' ').append(f(height))
                .append("\" width=\"").append(width).append("\" height=\"").append(f(height))
                .append("\" role=\"img\" aria-label=\"");
        Html.appendEscaped(b, title);
        b.append("\" font-family=\"").append(FONT).append("\">\n");
        b.append("<style>.c-grid{stroke:#e4e8ec;stroke-width:1}.c-axis{stroke:#8c959f;stroke-width:1}"
                + ".c-title{font-size:13px;font-weight:600;fill:#1f2328}.c-tick{font-size:10.5px;fill:#57606a}"
                + ".c-label{font-size:11px;fill:#57606a}.c-legend{font-size:11px;fill:#1f2328}"
                + ".c-value{font-size:10.5px;fill:#1f2328}</style>\n");
    }

    /** The horizontal axis of both chart kinds: a grid line and a labelled tick per value of {@code t}, then the axis. */
    private static void xAxis(StringBuilder b, Ticks t, double left, double right, double top, double bottom) {
        for (int i = 0; i < t.values().size(); i++) {
            double x = left + t.fraction(t.values().get(i)) * (right - left);
            seg(b, x, top, x, bottom, "c-grid");
            seg(b, x, bottom, x, bottom + 4, "c-axis");
            text(b, x, bottom + 16, "middle", "c-tick", t.labels().get(i));
        }
        seg(b, left, bottom, right, bottom, "c-axis");
    }

    private static void seg(StringBuilder b, double x1, double y1, double x2, double y2, String cls) {
        b.append("<line x1=\"").append(f(x1)).append("\" y1=\"").append(f(y1)).append("\" x2=\"").append(f(x2))
                .append("\" y2=\"").append(f(y2)).append("\" class=\"").append(cls).append("\"/>\n");
    }

    private static void text(StringBuilder b, double x, double y, String anchor, String cls, String s) {
        b.append("<text x=\"").append(f(x)).append("\" y=\"").append(f(y)).append("\" text-anchor=\"").append(anchor)
                .append("\" class=\"").append(cls).append("\">");
        Html.appendEscaped(b, s);
        b.append("</text>\n");
    }

    /** One decimal, locale-free; String.format would dominate the drawing time. */
    static String f(double v) {
        long tenths = Math.round(v * 10);
        long abs = Math.abs(tenths);
        return (tenths < 0 ? "-" : "") + abs / 10 + "." + abs % 10;
    }
}
