package org.dsodenet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class TicksTest {
    /** Values across many scales: mantissa in [-1, 1] times 10^-12 .. 10^12. */
    private static Gen<Double> scaled() {
        return doubles().between(-1, 1).zip(integers().between(-12, 12), (m, e) -> m * Math.pow(10, e));
    }

    /** The step between ticks as 1, 2 or 5 times a power of ten, read off the exact labels. */
    private static BigDecimal step(Ticks t) {
        return new BigDecimal(t.labels().get(1)).subtract(new BigDecimal(t.labels().get(0)));
    }

    private static void assertNiceLinear(Ticks t, double min, double max, int target) {
        String where = "[" + min + ", " + max + "] target " + target + " -> " + t.labels();
        assertTrue(t.lo() <= min && t.hi() >= max, "ticks do not cover the data: " + where);
        int n = t.values().size();
        assertTrue(n >= 2 && n <= target + 1, "tick count " + n + ": " + where);
        assertEquals(t.lo(), t.values().get(0), where);
        assertEquals(t.hi(), t.values().get(n - 1), where);
        BigDecimal step = step(t);
        BigDecimal mant = step.movePointLeft(step.precision() - step.scale() - 1).stripTrailingZeros();
        assertTrue(List.of("1", "2", "5").contains(mant.toPlainString()), "step " + step + " is not nice: " + where);
        for (int i = 0; i < n; i++) {
            BigDecimal exact = new BigDecimal(t.labels().get(i));
            // Every label is exact: it names the tick's value, is a whole multiple of the step, and ticks are
            // evenly spaced.
            assertEquals(exact.doubleValue(), t.values().get(i), where);
            assertEquals(0, exact.remainder(step).signum(), "tick " + exact + " not a multiple of " + step + ": " + where);
            if (i > 0) {
                assertEquals(0, exact.subtract(new BigDecimal(t.labels().get(i - 1))).compareTo(step), where);
            }
            assertTrue(t.labels().get(i).length() <= 12, "label too long: " + where);
        }
        double span = max - min;
        double mag = Math.max(Math.abs(min), Math.abs(max));
        if (span > mag * 1e-9 && span >= 1e-200) {
            // Not wasteful: the axis is at most a few times wider than the data.
            assertTrue(t.hi() - t.lo() <= 8 * span, "axis far wider than data: " + where);
        }
    }

    @Test
    void linearTicksAreNiceAndCoverAnyRange() {
        qt().forAll(scaled(), scaled(), integers().between(2, 10)).checkAssert((a, b, target) -> {
            double min = Math.min(a, b);
            double max = Math.max(a, b);
            assertNiceLinear(Ticks.linear(min, max, target, false), min, max, target);
        });
    }

    @Test
    void linearTicksCoverNarrowRangesFarFromZero() {
        // Offsets of a few units at 10^6: the span is tiny relative to the values, yet labels must stay exact.
        qt().forAll(doubles().between(-1e6, 1e6), doubles().between(0, 5), integers().between(2, 8))
                .checkAssert((base, width, target) -> assertNiceLinear(Ticks.linear(base, base + width, target, false),
                        base, base + width, target));
    }

    @Test
    void integerTicksStepByWholeNumbers() {
        qt().forAll(integers().between(-1000, 1000), integers().between(0, 50), integers().between(2, 8))
                .checkAssert((a, w, target) -> {
                    Ticks t = Ticks.linear(a, a + w, target, true);
                    assertNiceLinear(t, a, a + w, target);
                    assertTrue(step(t).compareTo(BigDecimal.ONE) >= 0, "step below 1: " + t.labels());
                    t.labels().forEach(l -> assertFalse(l.contains("."), "fractional label " + l));
                });
    }

    @Test
    void unitIntervalInFiveStepsReadsLikeAHumanWouldWriteIt() {
        Ticks t = Ticks.linear(0, 1, 5, false);
        assertEquals(List.of("0.0", "0.2", "0.4", "0.6", "0.8", "1.0"), t.labels());
        assertEquals(0.0, t.lo());
        assertEquals(1.0, t.hi());
    }

    @Test
    void floatNoiseNeverReachesLabels() {
        // 0.1 + 0.2 is 0.30000000000000004 in binary; the tick labels must still read 0.3.
        Ticks t = Ticks.linear(0.1, 0.1 + 0.2, 4, false);
        assertTrue(t.labels().contains("0.30") || t.labels().contains("0.3"), t.labels().toString());
    }

    @Test
    void constantDataGetsRoomAroundItsValue() {
        for (double v : new double[] {0, 5, -3.25, 1e-9, 7e8}) {
            Ticks t = Ticks.linear(v, v, 5, false);
            assertTrue(t.lo() < v && t.hi() > v, v + " -> " + t.labels());
            assertNiceLinear(t, v, v, 5);
        }
        Ticks epochs = Ticks.linear(1, 1, 6, true);
        assertTrue(epochs.lo() < 1 && epochs.hi() > 1, epochs.labels().toString());
    }

    @Test
    void largeMagnitudesSwitchToScientificLabels() {
        Ticks t = Ticks.linear(0, 3e7, 5, false);
        assertTrue(t.labels().stream().anyMatch(l -> l.contains("e")), t.labels().toString());
        t.labels().forEach(l -> assertEquals(new BigDecimal(l).doubleValue(),
                t.values().get(t.labels().indexOf(l))));
        Ticks small = Ticks.linear(1e-7, 5e-7, 5, false);
        assertTrue(small.labels().stream().allMatch(l -> l.equals("0") || l.contains("e")), small.labels().toString());
    }

    @Test
    void logTicksArePowersOfTenCoveringTheData() {
        qt().forAll(doubles().between(-300, 300), doubles().between(0, 600), integers().between(2, 20))
                .checkAssert((lg, decades, target) -> {
                    double min = Math.min(Ticks.LIMIT, Math.pow(10, lg));
                    double max = Math.min(Ticks.LIMIT, Math.pow(10, Math.min(300, lg + decades)));
                    Ticks t = Ticks.log(min, max, target);
                    String where = "[" + min + ", " + max + "] -> " + t.labels();
                    assertTrue(t.log());
                    assertTrue(t.lo() <= min && t.hi() >= max, where);
                    assertTrue(t.values().size() >= 2 && t.values().size() <= target + 2, where);
                    assertTrue(t.lo() > 0 && t.hi() < Double.POSITIVE_INFINITY, where);
                    for (int i = 0; i < t.values().size(); i++) {
                        double v = t.values().get(i);
                        double e = Math.log10(v);
                        assertEquals(Math.rint(e), e, 1e-9, "not a power of ten: " + where);
                        assertEquals(new BigDecimal(t.labels().get(i)).doubleValue(), v, where);
                    }
                    assertEquals(0.0, t.fraction(t.lo()), 1e-12);
                    assertEquals(1.0, t.fraction(t.hi()), 1e-12);
                });
    }

    @Test
    void logTicksOfOneValueSpanADecade() {
        Ticks t = Ticks.log(100, 100, 5);
        assertEquals(List.of("100", "1000"), t.labels());
        Ticks between = Ticks.log(0.05, 2.3, 6);
        assertEquals(List.of("0.01", "0.1", "1", "10"), between.labels());
    }

    @Test
    void fractionIsLinearBetweenEnds() {
        Ticks t = Ticks.linear(0, 10, 5, false);
        assertEquals(0.25, t.fraction(2.5), 1e-12);
    }

    @Test
    void badRangesAreRefusedWithOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ticks.linear(Double.NaN, 1, 5, false));
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ticks.linear(2, 1, 5, false));
        assertThrows(IllegalArgumentException.class, () -> Ticks.linear(0, Double.POSITIVE_INFINITY, 5, false));
        assertThrows(IllegalArgumentException.class, () -> Ticks.linear(0, 1, 1, false));
        assertThrows(IllegalArgumentException.class, () -> Ticks.log(0, 1, 5));
        assertThrows(IllegalArgumentException.class, () -> Ticks.log(-1, 1, 5));
        assertThrows(IllegalArgumentException.class, () -> Ticks.log(Double.MIN_VALUE, 1, 5));
    }
}
