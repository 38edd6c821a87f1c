package org.dsodenet.train;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;

class LrScheduleTest {

    @Test
    void constant() {
        LrSchedule s = LrSchedule.constant(0.05);
        assertEquals(0.05, s.lr(0, 0, 10));
        assertEquals(0.05, s.lr(99, 9, 10));
    }

    @Test
    void stepDecay() {
        LrSchedule s = LrSchedule.step(0.1, 0.1, 30);
        assertEquals(0.1, s.lr(0, 0, 5), 1e-15);
        assertEquals(0.1, s.lr(29, 4, 5), 1e-15);
        assertEquals(0.01, s.lr(30, 0, 5), 1e-15);
        assertEquals(0.001, s.lr(60, 3, 5), 1e-15);
    }

    @Test
    void multiStepDecay() {
        LrSchedule s = LrSchedule.multiStep(1, 0.5, 3, 5);
        assertEquals(1, s.lr(2, 0, 1));
        assertEquals(0.5, s.lr(3, 0, 1));
        assertEquals(0.5, s.lr(4, 0, 1));
        assertEquals(0.25, s.lr(5, 0, 1));
        assertEquals(0.25, s.lr(500, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.multiStep(1, 0.5, 5, 3));
    }

    @Test
    void cosineWithWarmup() {
        // 10 iterations per epoch, 2 warmup epochs (20 steps), 10 epochs (100 steps) from 1 down to 0
        LrSchedule s = LrSchedule.cosine(1, 0, 2, 10);
        assertEquals(0.05, s.lr(0, 0, 10), 1e-15);
        assertEquals(0.5, s.lr(0, 9, 10), 1e-15);
        assertEquals(1.0, s.lr(1, 9, 10), 1e-15);
        assertEquals(1.0, s.lr(2, 0, 10), 1e-15);
        assertEquals(0.5, s.lr(6, 0, 10), 1e-15); // 40 of 80 cosine steps
        assertEquals((1 + Math.cos(Math.PI * 79 / 80)) / 2, s.lr(9, 9, 10), 1e-15);
        assertEquals(0, s.lr(12, 3, 10), 1e-15);
        LrSchedule floor = LrSchedule.cosine(0.1, 0.001, 0, 4);
        assertEquals(0.1, floor.lr(0, 0, 3), 1e-15);
        assertEquals(0.001, floor.lr(4, 0, 3), 1e-15);
    }

    @Test
    void cosineRisesThenFallsMonotonically() {
        qt().withExamples(scaled(200))
                .forAll(integers().between(1, 50), integers().between(0, 5), integers().between(1, 20))
                .checkAssert((perEpoch, warmup, extra) -> {
                    int total = warmup + extra;
                    LrSchedule s = LrSchedule.cosine(0.3, 0.003, warmup, total);
                    double prev = 0;
                    int steps = total * perEpoch;
                    for (int g = 0; g < steps; g++) {
                        double lr = s.lr(g / perEpoch, g % perEpoch, perEpoch);
                        double floor = g < warmup * perEpoch ? 0 : 0.003;
                        assertTrue(lr > 0 && lr >= floor - 1e-15 && lr <= 0.3 + 1e-15, "lr " + lr + " at " + g);
                        if (g < warmup * perEpoch) {
                            assertTrue(lr > prev, "warmup must rise at step " + g);
                        } else if (g > warmup * perEpoch) {
                            assertTrue(lr <= prev, "decay must not rise at step " + g);
                        }
                        prev = lr;
                    }
                });
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.constant(-1));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.step(0.1, 0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.cosine(0.1, 0.2, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.cosine(0.1, 0, 10, 10));
        LrSchedule s = LrSchedule.constant(0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.lr(0, 10, 10));
        assertEquals("invalid schedule position: epoch 0, iteration 10 of 10", e.getMessage());
    }
}
