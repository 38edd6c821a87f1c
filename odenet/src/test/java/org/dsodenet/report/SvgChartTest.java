package org.dsodenet.report;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SvgChartTest {
    private static final double NAN = Double.NaN;

    private static Document lineSvg(Series... series) {
        return Xml.parse(SvgChart.line(new Chart("t", "x", "y", List.of(series))));
    }

    /** Number of separate strokes in a path: each starts with an M command. */
    private static int strokes(Element path) {
        return path.getAttribute("d").split("M", -1).length - 1;
    }

    private static double[] viewBox(Document d) {
        String[] v = d.getDocumentElement().getAttribute("viewBox").split(" ");
        return new double[] {Double.parseDouble(v[2]), Double.parseDouble(v[3])};
    }

    /** All coordinates in path data and circles lie inside the view box. */
    private static void assertInside(Document d) {
        double[] box = viewBox(d);
        List<double[]> pts = new ArrayList<>();
        for (Element c : Xml.elements(d, "circle")) {
            pts.add(new double[] {Double.parseDouble(c.getAttribute("cx")), Double.parseDouble(c.getAttribute("cy"))});
        }
        Pattern p = Pattern.compile("[ML](-?[0-9.]+) (-?[0-9.]+)");
        for (Element path : Xml.elements(d, "path")) {
            Matcher m = p.matcher(path.getAttribute("d"));
            while (m.find()) {
                pts.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
            }
        }
        for (double[] q : pts) {
            assertTrue(q[0] >= 0 && q[0] <= box[0] && q[1] >= 0 && q[1] <= box[1],
                    "point " + q[0] + "," + q[1] + " outside " + box[0] + "x" + box[1]);
        }
    }

    @Test
    void lineChartIsWellFormedSvgWithTitleLegendAndTicks() {
        Document d = lineSvg(Series.ofY("source train", 2.3, 1.1, 0.7, 0.5), Series.ofY("target eval", 2.4, 1.5, 1.0, 0.9));
        Element svg = d.getDocumentElement();
        assertEquals("svg", svg.getLocalName());
        assertEquals("http://www.w3.org/2000/svg", svg.getNamespaceURI());
        List<String> texts = Xml.texts(d, "text");
        assertTrue(texts.contains("t") && texts.contains("x") && texts.contains("y"), texts.toString());
        assertTrue(texts.contains("source train") && texts.contains("target eval"), texts.toString());
        // x ticks for epochs 1..4 are whole numbers; y ticks cover 0.5..2.4.
        Ticks yt = Ticks.linear(0.5, 2.4, 5, false);
        assertTrue(texts.containsAll(yt.labels()), texts + " lacks " + yt.labels());
        List<String> xTicks = Xml.withClass(d, "text", "c-tick").stream()
                .filter(e -> e.getAttribute("text-anchor").equals("middle")).map(Element::getTextContent).toList();
        assertEquals(List.of("1", "2", "3", "4"), xTicks);
        List<Element> paths = Xml.elements(d, "path");
        assertEquals(2, paths.size());
        assertEquals(1, strokes(paths.get(0)));
        assertEquals(8, Xml.elements(d, "circle").size(), "a marker per point for short series");
        assertInside(d);
    }

    @Test
    void singlePointIsDrawnAsAMarker() {
        Document d = lineSvg(new Series("one", List.of(new Point(3, 0.25))));
        assertEquals(1, Xml.elements(d, "circle").size());
        assertFalse(Xml.texts(d, "text").contains("no data"));
        assertInside(d);
    }

    @Test
    void constantSeriesSitsInsideTheAxis() {
        Document d = lineSvg(Series.ofY("flat", 0.5, 0.5, 0.5, 0.5, 0.5));
        Element path = Xml.elements(d, "path").get(0);
        Matcher m = Pattern.compile("[ML]-?[0-9.]+ (-?[0-9.]+)").matcher(path.getAttribute("d"));
        List<String> ys = new ArrayList<>();
        while (m.find()) {
            ys.add(m.group(1));
        }
        assertEquals(5, ys.size());
        assertTrue(ys.stream().distinct().count() == 1, "flat line has one y: " + ys);
        assertInside(d);
    }

    @Test
    void nanBreaksTheLineAndIsNotPlotted() {
        Document d = lineSvg(Series.ofY("gappy", 1, 2, NAN, 3, 4, Double.POSITIVE_INFINITY, 5));
        Element path = Xml.elements(d, "path").get(0);
        assertEquals(3, strokes(path), path.getAttribute("d"));
        assertFalse(path.getAttribute("d").contains("NaN") || path.getAttribute("d").contains("Infinity"));
        assertEquals(5, Xml.elements(d, "circle").size());
        assertInside(d);
    }

    @Test
    void isolatedPointBetweenGapsKeepsAMarkerOnLongSeries() {
        double[] ys = new double[100];
        for (int i = 0; i < ys.length; i++) {
            ys[i] = i;
        }
        ys[49] = NAN;
        ys[51] = NAN;
        Document d = lineSvg(Series.ofY("long", ys));
        // Too many points for per-point markers, but the lone point 50 would be invisible as a path.
        assertEquals(1, Xml.elements(d, "circle").size());
        assertEquals(3, strokes(Xml.elements(d, "path").get(0)));
    }

    @Test
    void emptyAndAllNanChartsSayNoData() {
        for (Document d : List.of(
                Xml.parse(SvgChart.line(new Chart("empty", "", "", List.of()))),
                lineSvg(new Series("none", List.of())),
                lineSvg(Series.ofY("nan", NAN, NAN)))) {
            assertTrue(Xml.texts(d, "text").contains("no data"), Xml.texts(d, "text").toString());
            assertTrue(Xml.elements(d, "path").isEmpty());
        }
    }

    @Test
    void logScaleSkipsNonPositiveValues() {
        Document d = Xml.parse(SvgChart.line(new Chart("loss", "", "", List.of(Series.ofY("l", 10, 0, -1, 0.1)),
                Scale.LOG)));
        assertEquals(2, strokes(Xml.elements(d, "path").get(0)));
        assertTrue(Xml.texts(d, "text").containsAll(List.of("0.1", "1", "10")), Xml.texts(d, "text").toString());
        assertInside(d);
    }

    @Test
    void manySeriesWrapTheLegendWithinTheWidth() {
        List<Series> many = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            many.add(Series.ofY("series with a fairly long name " + i, i, i + 1));
        }
        Document d = Xml.parse(SvgChart.line(new Chart("many", "", "", many)));
        double width = viewBox(d)[0];
        for (Element r : Xml.elements(d, "rect")) {
            assertTrue(Double.parseDouble(r.getAttribute("x")) < width - 20, "legend swatch off the chart");
        }
        long rows = Xml.elements(d, "rect").stream().map(r -> r.getAttribute("y")).distinct().count();
        assertTrue(rows >= 4, "12 long names need several legend rows, got " + rows);
        assertInside(d);
    }

    /** Values that include NaN, infinities and wide magnitudes. */
    private static Gen<Double> wild() {
        return Generate.frequency(
                org.quicktheories.api.Pair.of(6, doubles().between(-1e3, 1e3)),
                org.quicktheories.api.Pair.of(1, Generate.pick(List.of(NAN, Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY, 0.0, 1e-300, 1e300, -Double.MAX_VALUE))),
                org.quicktheories.api.Pair.of(1, doubles().any()));
    }

    @Test
    void anyDataGivesWellFormedSvgWithEverythingInside() {
        qt().withExamples(scaled(150))
                .forAll(lists().of(wild()).ofSizeBetween(0, 12), lists().of(wild()).ofSizeBetween(0, 12),
                Generate.enumValues(Scale.class)).checkAssert((xs, ys, scale) -> {
                    List<Point> pts = new ArrayList<>();
                    for (int i = 0; i < Math.min(xs.size(), ys.size()); i++) {
                        pts.add(new Point(xs.get(i), ys.get(i)));
                    }
                    List<Point> second = new ArrayList<>();
                    for (Double y : ys) {
                        second.add(new Point(second.size(), y));
                    }
                    Document d = Xml.parse(SvgChart.line(new Chart("p", "x", "y",
                            List.of(new Series("a", pts), new Series("b", second)), scale)));
                    assertInside(d);
                    Document bars = Xml.parse(SvgChart.bar(new BarChart("b", "v",
                            ys.stream().map(v -> new Bar("l" + v, v)).toList(), scale)));
                    assertInside(bars);
                    for (Element r : Xml.elements(bars, "rect")) {
                        double x = Double.parseDouble(r.getAttribute("x"));
                        double w = Double.parseDouble(r.getAttribute("width"));
                        assertTrue(x >= 0 && w >= 0 && x + w <= viewBox(bars)[0] + 0.05, "bar outside the chart");
                    }
                });
    }

    @Test
    void barLengthsAreProportionalOnALinearScale() {
        Document d = Xml.parse(SvgChart.bar(new BarChart("overflows", "count",
                List.of(new Bar("a", 10), new Bar("b", 40), new Bar("c", 0)), Scale.LINEAR)));
        List<Element> rects = Xml.elements(d, "rect");
        assertEquals(3, rects.size());
        double a = Double.parseDouble(rects.get(0).getAttribute("width"));
        double b = Double.parseDouble(rects.get(1).getAttribute("width"));
        assertEquals(4.0, b / a, 0.05);
        assertTrue(Double.parseDouble(rects.get(2).getAttribute("width")) < 1, "zero bar is a hairline");
        List<String> texts = Xml.texts(d, "text");
        assertTrue(texts.containsAll(List.of("10", "40", "0", "a", "b", "c")), texts.toString());
    }

    @Test
    void logBarsSkipZeroAndShowDecades() {
        Document d = Xml.parse(SvgChart.bar(new BarChart("overflows", "", List.of(new Bar("a", 3), new Bar("z", 0),
                new Bar("b", 4500)), Scale.LOG)));
        assertEquals(2, Xml.elements(d, "rect").size());
        List<String> texts = Xml.texts(d, "text");
        assertTrue(texts.containsAll(List.of("1", "10", "100", "1000", "10000", "4,500", "0")), texts.toString());
    }

    @Test
    void negativeAndNanBarsAreHandled() {
        Document d = Xml.parse(SvgChart.bar(new BarChart("delta", "", List.of(new Bar("down", -2.5),
                new Bar("up", 1.25), new Bar("unknown", NAN)), Scale.LINEAR)));
        List<Element> rects = Xml.elements(d, "rect");
        assertEquals(2, rects.size());
        double downEnd = Double.parseDouble(rects.get(0).getAttribute("x"))
                + Double.parseDouble(rects.get(0).getAttribute("width"));
        double upStart = Double.parseDouble(rects.get(1).getAttribute("x"));
        assertEquals(downEnd, upStart, 0.11, "both bars meet at zero");
        assertTrue(Xml.texts(d, "text").containsAll(List.of("-2.5", "1.25", "n/a")), Xml.texts(d, "text").toString());
        assertInside(d);
    }

    @Test
    void longBarLabelsAreShortenedButKeptInTheTooltip() {
        String name = "ode_block_2.depthwise_separable.pointwise_conv.weights";
        Document d = Xml.parse(SvgChart.bar(new BarChart("e", "", List.of(new Bar(name, 1)), Scale.LINEAR)));
        assertTrue(Xml.texts(d, "text").stream().noneMatch(t -> t.equals(name)));
        assertTrue(Xml.texts(d, "text").stream().anyMatch(t -> t.endsWith("\u2026") && name.startsWith(
                t.substring(0, t.length() - 1))));
        assertTrue(Xml.texts(d, "title").get(0).startsWith(name));
    }

    @Test
    void longTitlesAxisLabelsAndLegendNamesAreCutToTheChart() {
        String longText = "x".repeat(300);
        Document d = Xml.parse(SvgChart.line(new Chart(longText, longText, longText,
                List.of(Series.ofY(longText, 1, 2)))));
        for (String t : Xml.texts(d, "text")) {
            assertTrue(t.length() < 80, "text of " + t.length() + " characters in a 560 wide chart");
        }
        assertTrue(Xml.texts(d, "text").stream().filter(t -> t.endsWith("\u2026")).count() >= 4);
        assertEquals(longText, d.getDocumentElement().getAttribute("aria-label"), "full title stays available");
        // A cut never splits a surrogate pair.
        String emoji = "\uD83D\uDE00".repeat(100);
        String cut = SvgChart.fit(emoji, 16, 1.0);
        assertTrue(cut.endsWith("\u2026"));
        assertFalse(Character.isHighSurrogate(cut.charAt(cut.length() - 2)), cut);
    }

    @Test
    void emptyBarChartSaysNoData() {
        Document d = Xml.parse(SvgChart.bar(new BarChart("none", "", List.of(), Scale.LOG)));
        assertTrue(Xml.texts(d, "text").contains("no data"));
    }

    @Test
    void markupInNamesIsEscaped() {
        String s = "<script>alert(1)</script>&amp;\"'";
        Document d = Xml.parse(SvgChart.line(new Chart(s, s, s, List.of(Series.ofY(s, 1, 2)))));
        assertTrue(Xml.elements(d, "script").isEmpty());
        assertTrue(Xml.texts(d, "text").contains(s));
        assertEquals(s, d.getDocumentElement().getAttribute("aria-label"));
        Document b = Xml.parse(SvgChart.bar(new BarChart(s, s, List.of(new Bar(s, 1)), Scale.LINEAR)));
        assertTrue(Xml.elements(b, "script").isEmpty());
        assertTrue(Xml.texts(b, "text").contains(s));
    }

    @Test
    void tooSmallCanvasIsRefused() {
        Chart c = new Chart("t", "", "", List.of());
        assertThrows(IllegalArgumentException.class, () -> SvgChart.line(c, 100, 200));
        assertThrows(IllegalArgumentException.class, () -> SvgChart.bar(new BarChart("t", "", List.of(), null), 10));
    }

    @Test
    void sizeOptionSetsTheViewBox() {
        Document d = Xml.parse(SvgChart.line(new Chart("t", "", "", List.of(Series.ofY("a", 1, 2))), 800, 100));
        assertEquals(800, viewBox(d)[0]);
        assertTrue(viewBox(d)[1] > 100);
    }
}
