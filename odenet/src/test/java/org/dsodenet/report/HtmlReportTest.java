package org.dsodenet.report;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

class HtmlReportTest {
    private static final String HOSTILE = "<script>alert('x')</script> & \"q\"";

    private static Document full() {
        return Xml.parse(HtmlReport.render(SampleReports.full()));
    }

    private static List<Element> tiles(Document d) {
        return Xml.withClass(d, "div", "tile");
    }

    private static Element tile(Document d, String valueStart) {
        return tiles(d).stream().filter(t -> t.getTextContent().startsWith(valueStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no tile starting '" + valueStart + "' in "
                        + tiles(d).stream().map(Element::getTextContent).toList()));
    }

    @Test
    void fullReportIsWellFormedXhtmlWithoutScriptsOrExternalResources() {
        String html = HtmlReport.render(SampleReports.full());
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        Document d = Xml.parse(html);
        Element root = d.getDocumentElement();
        assertEquals("html", root.getLocalName());
        assertEquals("http://www.w3.org/1999/xhtml", root.getNamespaceURI());
        assertTrue(Xml.elements(d, "script").isEmpty());
        for (String tag : List.of("link", "img", "iframe", "object", "embed", "image", "use")) {
            assertTrue(Xml.elements(d, tag).isEmpty(), tag);
        }
        for (Element e : Xml.elements(d, "*")) {
            NamedNodeMap attrs = e.getAttributes();
            for (int i = 0; i < attrs.getLength(); i++) {
                String name = attrs.item(i).getLocalName();
                assertFalse(name.equals("src") || name.equals("href") || name.startsWith("on"),
                        e.getLocalName() + " has " + name);
            }
        }
        // The only URLs are the namespace names.
        assertFalse(html.replace("http://www.w3.org/1999/xhtml", "").replace("http://www.w3.org/2000/svg", "")
                .contains("http"));
        assertFalse(html.contains("url("), "CSS must not load anything");
        assertEquals(4, Xml.elements(d, "svg").size(), "2 training curves, overflow and error bars");
    }

    @Test
    void renderingIsDeterministic() {
        assertEquals(HtmlReport.render(SampleReports.full()), HtmlReport.render(SampleReports.full()));
    }

    @Test
    void markupInEveryFieldIsEscaped() {
        String html = HtmlReport.render(SampleReports.hostile());
        assertFalse(html.contains("<script>"));
        Document d = Xml.parse(html);
        assertTrue(Xml.elements(d, "script").isEmpty());
        assertEquals(HOSTILE, Xml.texts(d, "title").get(0));
        assertEquals(HOSTILE, Xml.texts(d, "h1").get(0));
        assertEquals(List.of(HOSTILE), Xml.texts(d, "dt"));
        assertEquals(List.of(HOSTILE), Xml.texts(d, "dd"));
        assertEquals(List.of(HOSTILE, HOSTILE, HOSTILE, "50.00%", HOSTILE),
                Xml.rows(Xml.after(d, "Accuracy", "table"), "tbody").get(0));
        assertEquals(List.of(HOSTILE, HOSTILE, HOSTILE, "50.00%", "25.00%", "75.00%", "50.0%"),
                Xml.rows(Xml.after(d, "Domain gap closed", "table"), "tbody").get(0));
        assertEquals(HOSTILE, Xml.rows(Xml.after(d, "Quantization per layer", "table"), "tbody").get(0).get(0));
        assertEquals(HOSTILE, Xml.rows(Xml.after(d, "Parameters", "table"), "tbody").get(0).get(0));
        assertEquals(HOSTILE, Xml.rows(Xml.after(d, "Resource estimate", "table"), "tbody").get(0).get(0));
        assertEquals(HOSTILE, Xml.after(d, "Resource estimate", "p").getTextContent());
        assertEquals(List.of(HOSTILE), Xml.texts(Xml.after(d, "Resource estimate", "ul"), "li"));
        assertTrue(Xml.texts(d, "pre").contains(HOSTILE));
        assertEquals(HOSTILE, Xml.withClass(d, "p", "note").get(0).getTextContent());
        List<String> svgText = Xml.texts(d, "text");
        assertTrue(svgText.contains(HOSTILE), "chart title, labels and legend");
        assertTrue(Xml.after(d, "Parameters", "p").getTextContent().contains(HOSTILE + " has 20"));
    }

    @Test
    void gapTableShowsBothEndsOfTheGapAndTheShareOrNa() {
        Element t = Xml.after(full(), "Domain gap closed", "table");
        assertEquals(List.of("Domain", "Method", "Precision", "Accuracy", "Source-only", "Oracle", "Gap closed"),
                Xml.rows(t, "thead").get(0));
        List<List<String>> rows = Xml.rows(t, "tbody");
        assertEquals(List.of("target (USPS)", "dsODENet + DANN", "float32", "90.31%", "70.31%", "95.31%", "80.0%"),
                rows.get(0));
        assertEquals("n/a", rows.get(1).get(6), "oracle equal to source-only: no share");
        assertEquals(2, rows.size());
    }

    @Test
    void noGapRowsNoGapSection() {
        String html = HtmlReport.render(ReportData.builder("t").accuracy(new AccuracyRow("d", "m", "p", 0.5)).build());
        assertFalse(html.contains("Domain gap closed"));
    }

    @Test
    void anyTitleAndNoteKeepThePageWellFormed() {
        qt().withExamples(scaled(200)).forAll(strings().allPossible().ofLengthBetween(1, 30),
                strings().basicLatinAlphabet().ofLengthBetween(0, 30)).checkAssert((any, latin) -> {
                    Document d = Xml.parse(HtmlReport.render(ReportData.builder("t" + any).note(latin)
                            .meta("k" + latin, any).build()));
                    assertEquals(latin, Xml.withClass(d, "p", "note").get(0).getTextContent());
                    assertEquals(List.of("k" + latin), Xml.texts(d, "dt"));
                });
    }

    @Test
    void accuracyTableListsTheGivenRows() {
        List<List<String>> rows = Xml.rows(Xml.after(full(), "Accuracy", "table"), "tbody");
        assertEquals(List.of(
                List.of("source (MNIST)", "dsODENet", "float32", "99.12%", ""),
                List.of("target (USPS)", "dsODENet + DANN", "float32", "90.31%", ""),
                List.of("target (USPS)", "dsODENet + DANN", "ap_fixed<16,6>", "90.18%",
                        "after quantization-aware fine-tuning"),
                List.of("target (USPS)", "ODENet", "float32", "88.74%", "")), rows);
    }

    @Test
    void notesColumnOnlyWhenSomeRowHasNotes() {
        Document d = Xml.parse(HtmlReport.render(ReportData.builder("t")
                .accuracy(new AccuracyRow("src", "m", "float32", 0.5))
                .accuracy(new AccuracyRow("tgt", "m", "float32", Double.NaN)).build()));
        Element table = Xml.after(d, "Accuracy", "table");
        assertEquals(List.of("Domain", "Method", "Precision", "Accuracy"), Xml.rows(table, "thead").get(0));
        assertEquals(List.of("tgt", "m", "float32", "\u2013"), Xml.rows(table, "tbody").get(1));
    }

    @Test
    void confusionMatrixIsATableShadedByRowShare() {
        int[][] counts = {{8, 2, 0}, {0, 5, 0}, {1, 0, 0}};
        ConfusionMatrix m = new ConfusionMatrix("uci \u00B7 fx16", List.of("a", "b", "c"), counts);
        counts[0][0] = 99; // the record keeps its own copy
        Document d = Xml.parse(HtmlReport.render(ReportData.builder("t").confusion(m).build()));
        Element table = Xml.withClass(d.getDocumentElement(), "table", "cm").get(0);
        assertEquals("uci \u00B7 fx16", Xml.elements(d.getDocumentElement(), "figcaption").get(0).getTextContent());
        assertEquals(List.of("true \\ predicted", "a", "b", "c"), Xml.rows(table, "thead").get(0));
        assertEquals(List.of(List.of("a", "8", "2", ""), List.of("b", "", "5", ""), List.of("c", "1", "", "")),
                Xml.rows(table, "tbody"));
        List<Element> cells = Xml.elements(table, "td");
        assertEquals("background:rgba(46,139,87,0.80)", cells.get(0).getAttribute("style"));
        assertEquals("background:rgba(200,60,60,0.20)", cells.get(1).getAttribute("style"));
        assertEquals("background:rgba(46,139,87,0.00)", cells.get(8).getAttribute("style"), "empty row: no shade");
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix("x", List.of("a", "b"), new int[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.ofDigits("x", new int[][] {{-1}}));
    }

    @Test
    void quantizationTableHasEveryLayerTotalsAndHighlightsOverflows() {
        Document d = full();
        Element table = Xml.after(d, "Quantization per layer", "table");
        List<List<String>> rows = Xml.rows(table, "tbody");
        assertEquals(11, rows.size());
        // ode1.pw (index 3): 120 saturated of 50,176 values is 0.24 %; max error 0.004 * 4 * 10 = 0.16, mean
        // 0.16 / 7 = 0.0229.
        assertEquals(List.of("ode1.pw", "ap_fixed<16,6,AP_RND,AP_SAT>", "0.16", "0.0229", "120 (0.24%)", "120", "0",
                "43,000", "50,176"), rows.get(3));
        assertEquals(List.of("conv0", "ap_fixed<16,6,AP_RND,AP_SAT>", "0.04", "0.00571", "0", "0", "0", "40,000",
                "50,176"), rows.get(0));
        // 2 of 50,176 is 0.004 %: too small to print with two decimals, but not zero either.
        assertEquals("2 (<0.01%)", rows.get(8).get(4));
        List<Element> hot = Xml.withClass(table, "tr", "hot");
        assertEquals(List.of("ode1.dw", "ode1.pw", "ode2.pw", "ode2.bn"),
                hot.stream().map(tr -> Xml.elements(tr, "td").get(0).getTextContent()).toList());
        List<String> total = Xml.rows(table, "tfoot").get(0);
        assertEquals(List.of("total", "", "0.4", "", "4,625", "4,625", "0", "495,000", "551,936"), total);
    }

    @Test
    void noOverflowMeansNoOverflowChartAndASentenceInstead() {
        Document d = Xml.parse(HtmlReport.render(ReportData.builder("t")
                .quant(new QuantRow("a", "ap_fixed<8,3>", 0.01, 0.002, 0, 0, 5, 10))
                .quant(new QuantRow("b", "ap_fixed<8,3>", Double.NaN, Double.NaN, 0, 0, 0, 10)).build()));
        List<String> titles = Xml.withClass(d, "text", "c-title").stream().map(Element::getTextContent).toList();
        assertEquals(List.of("Max abs error per layer"), titles);
        assertTrue(Xml.texts(d, "p").contains("No conversion overflowed (saturated or wrapped) in any layer."));
        assertEquals("\u2013", Xml.rows(Xml.after(d, "Quantization per layer", "table"), "tbody").get(1).get(2));
    }

    @Test
    void parameterTableHasGroupTotalsAndReduction() {
        Document d = full();
        Element table = Xml.after(d, "Parameters", "table");
        assertEquals(List.of("ode1", "ode", "2,912", "14.7%"), Xml.rows(table, "tbody").get(1));
        // 448 + 2,912 + 4,736 + 11,072 + 650 = 19,818; ode = 2,912 + 11,072 = 13,984.
        assertEquals(List.of(
                List.of("pre total", "", "448", "2.3%"),
                List.of("ode total", "", "13,984", "70.6%"),
                List.of("down total", "", "4,736", "23.9%"),
                List.of("post total", "", "650", "3.3%"),
                List.of("total", "", "19,818", "100.0%")), Xml.rows(table, "tfoot"));
        // 1 - 19,818 / 52,634 = 0.6235; 52,634 / 19,818 = 2.656.
        assertEquals("Total 19,818 parameters; ODENet has 52,634: 62.3% fewer than ODENet (2.66\u00D7 smaller).",
                Xml.after(d, "Parameters", "p").getTextContent());
        assertTrue(tile(d, "19,818").getTextContent().contains("62.3% fewer than ODENet"));
    }

    @Test
    void resourceBlockShowsRowsTotalsAndTheEstimatorText() {
        Document d = full();
        Element table = Xml.after(d, "Resource estimate", "table");
        assertEquals(5, Xml.rows(table, "tbody").size());
        assertEquals(List.of("ode1", "16", "0", "72", "2,400,000", "49.6%"), Xml.rows(table, "tbody").get(1));
        // 1 + 16 + 3 + 62 + 1 BRAM18, 9 + 72 + 18 + 72 + 10 DSP, cycles summed by hand.
        assertEquals(List.of("total", "83", "0", "181", "4,840,700", "100.0%"), Xml.rows(table, "tfoot").get(0));
        Element details = Xml.after(d, "Resource estimate", "details");
        assertTrue(Xml.texts(details, "pre").get(0).contains("Estimate for xc7z020clg400-1 (PYNQ-Z2)"));
        assertTrue(tile(d, "83 BRAM18").getTextContent().contains("4,840,700 cycles"));
    }

    @Test
    void resourceWarningsAreListedAndMarkTheTile() {
        Document d = Xml.parse(HtmlReport.render(ReportData.builder("t")
                .resources(new ResourceBlock("", List.of(new ResourceRow("ode", 900, 0, 10, 5)),
                        List.of("WARNING: does not fit"), "")).build()));
        assertEquals(List.of("WARNING: does not fit"), Xml.texts(Xml.after(d, "Resource estimate", "ul"), "li"));
        Element t = tile(d, "900 BRAM18");
        assertTrue(t.getAttribute("class").contains("warn"));
        assertTrue(t.getTextContent().contains("1 warning"));
        assertTrue(Xml.elements(d, "details").isEmpty());
    }

    @Test
    void textOnlyResourceBlockIsShownOpen() {
        Document d = Xml.parse(HtmlReport.render(ReportData.builder("t")
                .resources(new ResourceBlock("", List.of(), List.of(), "layer  BRAM18\nconv   1\n")).build()));
        assertEquals("layer  BRAM18\nconv   1\n", Xml.after(d, "Resource estimate", "pre").getTextContent());
        assertTrue(Xml.elements(d, "details").isEmpty());
    }

    @Test
    void bitExactPassIsGreen() {
        Document d = full();
        Element t = tile(d, "\u2713 bit-exact");
        assertTrue(t.getAttribute("class").contains("ok"));
        assertTrue(t.getTextContent().contains("1,254,400 values, 0 mismatches"));
        Element badge = Xml.withClass(d, "span", "badge").get(0);
        assertTrue(badge.getAttribute("class").contains("ok"));
        List<List<String>> rows = Xml.rows(Xml.after(d, "Bit-exactness", "table"), "tbody");
        assertEquals(List.of(List.of("Values compared", "1,254,400"), List.of("Mismatches", "0"),
                List.of("Command", "make -C hls csim")), rows);
    }

    @Test
    void mismatchesAreRedWithDetail() {
        Document d = Xml.parse(HtmlReport.render(ReportData.builder("t")
                .bitExact(new BitExactResult(1000, 3, "make csim", "first mismatch: layer ode1 index 7")).build()));
        Element t = tile(d, "\u2717 3 mismatches");
        assertTrue(t.getAttribute("class").contains("bad"));
        assertTrue(t.getTextContent().contains("of 1,000 values"));
        assertTrue(Xml.withClass(d, "span", "badge").get(0).getAttribute("class").contains("bad"));
        assertEquals("first mismatch: layer ode1 index 7", Xml.after(d, "Bit-exactness", "pre").getTextContent());
    }

    @Test
    void oneMismatchIsSingular() {
        Document d = Xml.parse(HtmlReport.render(ReportData.builder("t").bitExact(new BitExactResult(9, 1, "")).build()));
        assertEquals("\u2717 1 mismatch", Xml.withClass(d, "span", "badge").get(0).getTextContent());
        tile(d, "\u2717 1 mismatch");
    }

    @Test
    void comparingNothingIsNotAPass() {
        Document d = Xml.parse(HtmlReport.render(ReportData.builder("t").bitExact(new BitExactResult(0, 0, "")).build()));
        assertTrue(tile(d, "not verified").getAttribute("class").contains("bad"));
    }

    @Test
    void missingBitExactnessIsNeutral() {
        Document d = Xml.parse(HtmlReport.render(ReportData.builder("t").build()));
        assertTrue(tile(d, "not checked").getAttribute("class").contains("none"));
        assertTrue(Xml.texts(d, "h2").isEmpty(), "an empty report has no sections: " + Xml.texts(d, "h2"));
    }

    @Test
    void summaryShowsHeadlineRowsOrElseTheFirstFour() {
        Document d = full();
        List<String> values = tiles(d).stream().map(t -> Xml.withClass(t, "div", "v").get(0).getTextContent()).toList();
        assertEquals(List.of("99.12%", "90.31%", "90.18%"), values.subList(0, 3));
        assertFalse(values.contains("88.74%"), "ODENet row is not a headline");
        assertEquals("target (USPS) \u00B7 dsODENet + DANN \u00B7 ap_fixed<16,6>",
                Xml.withClass(tiles(d).get(2), "div", "k").get(0).getTextContent());

        ReportData.Builder b = ReportData.builder("t");
        for (int i = 0; i < 6; i++) {
            b.accuracy(new AccuracyRow("d" + i, "m", "p", i / 10.0));
        }
        List<String> plain = tiles(Xml.parse(HtmlReport.render(b.build()))).stream()
                .map(t -> Xml.withClass(t, "div", "v").get(0).getTextContent()).toList();
        assertEquals(List.of("0.00%", "10.00%", "20.00%", "30.00%", "not checked"), plain);
    }

    @Test
    void sectionsAppearInReadingOrder() {
        assertEquals(List.of("Accuracy", "Domain gap closed", "Training curves", "Quantization per layer", "Parameters",
                "Resource estimate", "Bit-exactness", "Notes"), Xml.texts(full(), "h2"));
    }

    @Test
    void notesKeepTheirLineBreaks() {
        assertEquals("Quantization used AP_RND and AP_SAT everywhere.\nAccumulators are ap_fixed<32,12>.",
                Xml.withClass(full(), "p", "note").get(0).getTextContent());
    }

    @Test
    void extraBarChartsGetTheirOwnSection() {
        Document d = Xml.parse(HtmlReport.render(ReportData.builder("t")
                .barChart(new BarChart("latency", "us", List.of(new Bar("zcu104", 810), new Bar("pynq", 2300)),
                        Scale.LINEAR)).build()));
        assertEquals(List.of("Charts"), Xml.texts(d, "h2"));
        assertEquals(1, Xml.elements(Xml.after(d, "Charts", "div"), "svg").size());
    }
}
