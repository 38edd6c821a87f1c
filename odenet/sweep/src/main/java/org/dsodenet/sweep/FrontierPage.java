package org.dsodenet.sweep;

import static org.dsodenet.report.Html.escape;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.dsodenet.io.AtomicFile;

/**
 * The sweep's HTML page: the bit-exact target accuracy against DSPs, BRAM and latency, the Pareto points of each
 * filled and named, then the table. Self-contained (inline SVG and CSS), in the palette of the demo's report.
 */
public final class FrontierPage {
    private static final int W = 340;
    private static final int H = 240;
    private static final int PAD = 44;
    private static final String CSS = String.join("\n",
            "body{margin:0;color:#1f2328;font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif}",
            "main{max-width:1240px;margin:0 auto;padding:22px 24px 36px}",
            "h1{font-size:22px;margin:0 0 6px}h2{font-size:16px;margin:26px 0 10px;padding-bottom:4px;"
                    + "border-bottom:1px solid #d8dee4}",
            ".charts{display:flex;flex-wrap:wrap;gap:14px}",
            "figure{margin:0;border:1px solid #d8dee4;border-radius:8px;padding:6px}",
            "figcaption{font-size:12.5px;color:#59636e;text-align:center}",
            "table{border-collapse:collapse;font-size:12px;font-variant-numeric:tabular-nums}",
            "th,td{border:1px solid #d8dee4;padding:3px 7px;text-align:right;white-space:nowrap}",
            "th{background:#eef1f4}tr:nth-child(even) td{background:#f6f8fa}",
            "td.l{text-align:left}td.pareto{color:#1a7f37;font-weight:650}",
            "code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:11px;white-space:normal}",
            ".muted{color:#59636e}");

    private FrontierPage() {}

    /** A cost axis of the frontier. */
    record Axis(String name, ToDoubleFunction<CellRow> cost) {}

    static final List<Axis> AXES = List.of(new Axis("DSP", r -> r.dsp()), new Axis("BRAM18", r -> r.bram18()),
            new Axis("latency (us)", CellRow::latencyUs));

    /**
     * The accuracy the frontier plots: bit-exact on the target, the domain a design is deployed to, once any cell
     * adapts to it; in a sweep without adaptation the target is only a domain shift nothing was trained for, so the
     * source's test split says more.
     */
    record Accuracy(String name, ToDoubleFunction<CellRow> value) {
        static Accuracy of(List<CellRow> rows) {
            return rows.stream().anyMatch(CellRow::adapted)
                    ? new Accuracy("target", CellRow::fixedTargetAcc) : new Accuracy("source", CellRow::fixedSourceAcc);
        }
    }

    public static String html(String title, List<CellRow> rows, List<String> failures) {
        Accuracy acc = Accuracy.of(rows);
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title><style>").append(CSS).append("</style></head><body><main>\n");
        b.append("<h1>").append(escape(title)).append("</h1>\n<p class=\"muted\">").append(rows.size())
                .append(" finished cells, ").append(failures.size()).append(" failed. Accuracy: bit-exact fixed point on the ")
                .append(acc.name()).append("'s test split. Filled points are Pareto-optimal for that axis (no other "
                        + "cell is as accurate and cheaper).</p>\n");
        b.append("<h2>Accuracy against resources</h2>\n<div class=\"charts\">\n");
        boolean[][] fronts = new boolean[AXES.size()][];
        for (int a = 0; a < AXES.size(); a++) {
            fronts[a] = front(rows, acc, AXES.get(a));
            b.append(chart(rows, acc, AXES.get(a), fronts[a]));
        }
        b.append("</div>\n<h2>Cells</h2>\n<table><tr><th>cell</th><th>arch</th><th>precision</th><th>method</th>"
                + "<th>seed</th><th>float src</th><th>float tgt</th><th>fixed src</th><th>fixed tgt</th><th>params</th>"
                + "<th>DSP</th><th>BRAM18</th><th>latency us</th><th>overflows</th><th>s</th><th>Pareto on</th>"
                + "<th>command</th></tr>\n");
        for (int i = 0; i < rows.size(); i++) {
            CellRow r = rows.get(i);
            StringBuilder on = new StringBuilder();
            for (int a = 0; a < AXES.size(); a++) {
                if (fronts[a][i]) {
                    on.append(on.length() == 0 ? "" : ", ").append(AXES.get(a).name().replace(" (us)", ""));
                }
            }
            b.append("<tr><td class=\"l\">").append(escape(r.id())).append("</td><td class=\"l\">")
                    .append(escape(r.arch())).append("</td><td class=\"l\">").append(escape(r.precision()
                            + (r.layerPrecision().isEmpty() ? "" : " + " + r.layerPrecision())))
                    .append("</td><td class=\"l\">").append(escape(r.method())).append("</td><td>").append(r.seed())
                    .append("</td>").append(pct(r.floatSourceAcc())).append(pct(r.floatTargetAcc()))
                    .append(pct(r.fixedSourceAcc())).append(pct(r.fixedTargetAcc())).append("<td>").append(r.params())
                    .append("</td><td>").append(r.dsp()).append("</td><td>").append(r.bram18()).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f", r.latencyUs())).append("</td><td>")
                    .append(r.saturated() + r.wrapped()).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.0f", r.seconds())).append("</td><td class=\"l pareto\">")
                    .append(on).append("</td><td class=\"l\"><code>").append(escape(r.command()))
                    .append("</code></td></tr>\n");
        }
        b.append("</table>\n");
        if (!failures.isEmpty()) {
            b.append("<h2>Failed cells</h2>\n<ul>\n");
            failures.forEach(f -> b.append("<li><code>").append(escape(f)).append("</code></li>\n"));
            b.append("</ul>\n");
        }
        return b.append("</main></body></html>\n").toString();
    }

    public static void write(Path file, String title, List<CellRow> rows, List<String> failures) {
        AtomicFile.write(file, html(title, rows, failures).getBytes(StandardCharsets.UTF_8));
    }

    static boolean[] front(List<CellRow> rows, Accuracy acc, Axis axis) {
        return Pareto.front(rows.stream().mapToDouble(acc.value()).toArray(),
                rows.stream().mapToDouble(axis.cost()).toArray());
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "<td>%.2f%%</td>", 100 * v);
    }

    private static String chart(List<CellRow> rows, Accuracy acc, Axis axis, boolean[] front) {
        double xMax = Math.max(1e-9, rows.stream().mapToDouble(axis.cost()).max().orElse(1)) * 1.08;
        double yMin = Math.max(0, rows.stream().mapToDouble(acc.value()).min().orElse(0) - 0.05);
        double yMax = Math.min(1, rows.stream().mapToDouble(acc.value()).max().orElse(1) + 0.05);
        if (yMax - yMin < 0.05) {
            yMax = Math.min(1, yMin + 0.1);
        }
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-size=\"10\">", W, H, W, H));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"10\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#d8dee4\"/>", PAD, W - PAD - 10, H - PAD - 10));
        for (int t = 0; t <= 4; t++) {
            double y = yMin + (yMax - yMin) * t / 4;
            double x = xMax * t / 4;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#59636e\">%.0f%%"
                    + "</text>", PAD - 4, py(y, yMin, yMax) + 3, 100 * y));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#59636e\">%s"
                    + "</text>", px(x, xMax), H - PAD + 14, x >= 100 ? String.format(Locale.ROOT, "%.0f", x)
                    : String.format(Locale.ROOT, "%.3g", x)));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                (W + PAD) / 2, H - 8, escape(axis.name())));
        for (int i = 0; i < rows.size(); i++) {
            CellRow r = rows.get(i);
            double x = px(axis.cost().applyAsDouble(r), xMax);
            double y = py(acc.value().applyAsDouble(r), yMin, yMax);
            String color = r.arch().equals("odenet") ? "#cf222e" : "#0969da";
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" stroke=\"%s\">"
                    + "<title>%s</title></circle>", x, y, front[i] ? color : "#fff", color,
                    escape(r.arch() + " " + r.precision() + " seed " + r.seed() + ": "
                            + String.format(Locale.ROOT, "%.2f%%", 100 * acc.value().applyAsDouble(r)))));
            if (front[i]) {
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\">%s</text>", x + 6, y - 5,
                        color, escape(r.precision())));
            }
        }
        return s.append("</svg><figcaption>fixed-point ").append(acc.name()).append(" accuracy against ")
                .append(escape(axis.name()))
                .append(" (blue dsODENet, red ODENet)</figcaption></figure>\n").toString();
    }

    private static double px(double v, double max) {
        return PAD + (W - PAD - 10) * v / max;
    }

    private static double py(double v, double min, double max) {
        return H - PAD - (H - PAD - 20) * (v - min) / (max - min);
    }
}
