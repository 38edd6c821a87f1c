package org.dsodenet.report;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class GapClosureTest {
    @Test
    void sharesOfAKnownGap() {
        GapClosure g = new GapClosure(0.40, 0.90);
        assertEquals(0.8, g.closed(0.80).getAsDouble(), 1e-12);
        assertEquals("80.0%", g.label(0.80));
        assertEquals(-0.2, g.closed(0.30).getAsDouble(), 1e-12, "adaptation that hurts closes a negative share");
        assertEquals(1.1, g.closed(0.95).getAsDouble(), 1e-12, "past the oracle is more than all of it");
    }

    @Test
    void zeroAtSourceOnlyOneAtTheOracleAndLinearBetween() {
        qt().withExamples(scaled(300)).forAll(doubles().between(0, 1), doubles().between(0, 1), doubles().between(0, 1))
                .assuming((s, o, t) -> o - s >= GapClosure.MIN_GAP)
                .checkAssert((s, o, t) -> {
                    GapClosure g = new GapClosure(s, o);
                    assertEquals(0, g.closed(s).getAsDouble(), 1e-12);
                    assertEquals(1, g.closed(o).getAsDouble(), 1e-9);
                    double a = s + t * (o - s);
                    assertEquals(t, g.closed(a).getAsDouble(), 1e-9);
                });
    }

    @Test
    void noShareWithoutAGap() {
        // An oracle at or below source-only: nothing to close, and no division by (nearly) zero.
        for (GapClosure g : new GapClosure[] {new GapClosure(0.5, 0.5), new GapClosure(0.6, 0.4),
            new GapClosure(0.5, 0.5 + GapClosure.MIN_GAP / 2), new GapClosure(0.5, Math.nextUp(0.5))}) {
            assertFalse(g.measurable(), g.toString());
            assertEquals(OptionalDouble.empty(), g.closed(0.9), g.toString());
            assertEquals("n/a", g.label(0.9), g.toString());
        }
        assertTrue(new GapClosure(0.5, 0.5 + GapClosure.MIN_GAP).measurable(), "the smallest measurable gap");
    }

    @Test
    void unmeasuredAccuraciesGiveNoShare() {
        assertEquals("n/a", new GapClosure(Double.NaN, 0.9).label(0.8));
        assertEquals("n/a", new GapClosure(0.4, Double.NaN).label(0.8));
        assertEquals("n/a", new GapClosure(0.4, 0.9).label(Double.NaN));
    }

    @Test
    void accuraciesOutsideZeroToOneAreRefusedWithTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GapClosure(40, 0.9)).getMessage()
                .startsWith("source-only accuracy must be a fraction"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GapClosure(0.4, -0.1)).getMessage()
                .startsWith("oracle accuracy must be a fraction"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GapClosure(0.4, 0.9).closed(1.5))
                .getMessage().startsWith("adapted accuracy must be a fraction"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new GapRow("uci", "distill", "fx8", 2, new GapClosure(0.4, 0.9))).getMessage()
                .startsWith("adapted accuracy must be a fraction"));
    }
}
