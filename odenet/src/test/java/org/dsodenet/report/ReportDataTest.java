package org.dsodenet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dsodenet.codegen.estimate.LayerEstimate;
import org.dsodenet.codegen.estimate.Part;
import org.dsodenet.codegen.estimate.ResourceEstimate;
import org.dsodenet.fixedpoint.FixedStats;
import org.junit.jupiter.api.Test;

class ReportDataTest {
    private static void refused(String messagePart, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void listsAreCopiedAndUnmodifiable() {
        List<Point> pts = new ArrayList<>(List.of(new Point(1, 2)));
        Series s = new Series("a", pts);
        pts.add(new Point(3, 4));
        assertEquals(1, s.points().size());
        assertThrows(UnsupportedOperationException.class, () -> s.points().add(new Point(0, 0)));

        List<String> notes = new ArrayList<>(List.of("n"));
        ReportData d = new ReportData("t", null, null, null, null, null, null, null, null, null, null, notes);
        notes.clear();
        assertEquals(List.of("n"), d.notes());
        assertTrue(d.metadata().isEmpty() && d.charts().isEmpty() && d.quantization().isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> d.notes().add("x"));
        assertNull(d.bitExact());
    }

    @Test
    void builderKeepsOrderAndBlocks() {
        ReportData d = ReportData.builder("t").meta("seed", 42).meta("command", "demo").note("a").note("b")
                .bitExact(new BitExactResult(5, 0, "c")).build();
        assertEquals(List.of(new MetaEntry("seed", "42"), new MetaEntry("command", "demo")), d.metadata());
        assertEquals(List.of("a", "b"), d.notes());
        assertTrue(d.bitExact().passed());
    }

    @Test
    void nullElementsAndBlankNamesAreRefusedWithTheField() {
        refused("notes[1]", () -> new ReportData("t", null, null, null, null, null, null, null, null, null, null,
                Arrays.asList("a", null)));
        refused("report title", () -> ReportData.builder(" ").build());
        refused("series name", () -> new Series("", List.of()));
        refused("chart 'c' series[0]", () -> new Chart("c", "", "", Arrays.asList((Series) null)));
        refused("metadata key", () -> new MetaEntry(null, "v"));
        refused("parameter group of conv", () -> new ParamRow("conv", null, 3));
    }

    @Test
    void numbersOutOfRangeAreRefused() {
        refused("accuracy must be a fraction", () -> new AccuracyRow("d", "m", "p", 97.5));
        refused("accuracy must be a fraction", () -> new AccuracyRow("d", "m", "p", -0.1));
        assertTrue(Double.isNaN(new AccuracyRow("d", "m", "p", Double.NaN).accuracy()));
        refused("saturated count of fc", () -> new QuantRow("fc", "t", 0, 0, -1, 0, 0, 0));
        refused("max abs error of fc", () -> new QuantRow("fc", "t", -0.5, 0, 0, 0, 0, 0));
        refused("max abs error of fc", () -> new QuantRow("fc", "t", Double.POSITIVE_INFINITY, 0, 0, 0, 0, 0));
        refused("exceed values compared", () -> new BitExactResult(3, 4, ""));
        refused("cycles of fc", () -> new ResourceRow("fc", 0, 0, 0, -5));
        refused("positive parameter count", () -> new ParamTable(List.of(), "ODENet", 0));
        refused("3 x values but 2 y values", () -> Series.of("s", new double[3], new double[2]));
    }

    @Test
    void bitExactPassesOnlyWhenSomethingWasCompared() {
        assertTrue(new BitExactResult(1, 0, "").passed());
        assertFalse(new BitExactResult(0, 0, "").passed());
        assertFalse(new BitExactResult(10, 1, "").passed());
    }

    @Test
    void quantRowFromConversionCounters() {
        FixedStats st = new FixedStats();
        st.saturated = 4;
        st.wrapped = 3;
        st.quantized = 90;
        st.conversions = 100;
        QuantRow r = QuantRow.of("ode1", "ap_fixed<8,3>", 0.5, 0.1, st);
        assertEquals(new QuantRow("ode1", "ap_fixed<8,3>", 0.5, 0.1, 4, 3, 90, 100), r);
        assertEquals(7, r.overflows());
    }

    @Test
    void parameterTotalsAndReduction() {
        ParamTable p = new ParamTable(List.of(new ParamRow("a", ParamGroup.PRE, 10), new ParamRow("b", ParamGroup.ODE, 15),
                new ParamRow("c", ParamGroup.ODE, 5)), "ODENet", 120);
        assertEquals(30, p.total());
        assertEquals(20, p.total(ParamGroup.ODE));
        assertEquals(0, p.total(ParamGroup.POST));
        assertEquals(0.75, p.reduction(), 1e-15);
        assertThrows(IllegalStateException.class, () -> new ParamTable(List.of()).reduction());
        assertEquals(-1.0, new ParamTable(List.of(new ParamRow("a", ParamGroup.PRE, 20)), "tiny", 10).reduction());
    }

    @Test
    void resourceBlockFromAnEstimateKeepsRowsTotalsWarningsAndText() {
        List<LayerEstimate> layers = List.of(
                new LayerEstimate("conv0", "conv", 9_000, 1, 0, 9, 230_000, false),
                new LayerEstimate("ode1", "ode", 9_000_000, 600, 8, 72, 2_400_000, true));
        ResourceEstimate e = new ResourceEstimate(Part.PYNQ_Z2, 10.0, layers, 0);
        ResourceBlock b = ResourceBlock.of(e);
        assertEquals(List.of(new ResourceRow("conv0", 1, 0, 9, 230_000), new ResourceRow("ode1", 600, 8, 72, 2_400_000)),
                b.rows());
        assertEquals(601, b.bram18());
        assertEquals(8, b.uram());
        assertEquals(81, b.dsp());
        assertEquals(2_630_000, b.cycles());
        assertFalse(b.warnings().isEmpty(), "600 BRAM18 do not fit a PYNQ-Z2");
        assertEquals(e.warnings(), b.warnings());
        assertEquals(e.table(), b.text());
        assertTrue(b.summary().startsWith("PYNQ-Z2 (xc7z020), 10.00 ns clock: 26300.0 us per inference"), b.summary());
    }

    @Test
    void seriesHelpersNumberEpochsFromOne() {
        assertEquals(List.of(new Point(1, 0.5), new Point(2, 0.25)), Series.ofY("s", 0.5, 0.25).points());
        assertEquals(List.of(new Point(0, 9)), Series.of("s", new double[] {0}, new double[] {9}).points());
    }

    @Test
    void headlineCopyChangesOnlyTheFlag() {
        AccuracyRow r = new AccuracyRow("d", "m", "p", 0.5, "n");
        assertEquals(new AccuracyRow("d", "m", "p", 0.5, "n", true), r.asHeadline());
        assertFalse(r.headline());
    }
}
