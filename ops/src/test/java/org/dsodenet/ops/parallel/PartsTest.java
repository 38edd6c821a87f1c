package org.dsodenet.ops.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;

class PartsTest {
    @Test
    void partsCoverTheSamplesInOrderEvenlyAndComeInWholeRoundsOfThreads() {
        qt().forAll(integers().between(1, 2000), integers().between(1, 8), integers().between(1, 64))
                .checkAssert((samples, threads, target) -> {
                    Parts p = Parts.of(samples, threads, target);
                    assertEquals(0, p.from(0));
                    assertEquals(samples, p.to(p.count() - 1));
                    int least = Integer.MAX_VALUE;
                    int most = 0;
                    for (int i = 0; i < p.count(); i++) {
                        if (i > 0) {
                            assertEquals(p.to(i - 1), p.from(i));
                        }
                        least = Math.min(least, p.size(i));
                        most = Math.max(most, p.size(i));
                    }
                    assertTrue(least >= 1 && most - least <= 1, least + ".." + most);
                    // a last round with fewer parts than threads would leave some idle, unless samples run out
                    assertTrue(p.count() % threads == 0 || p.count() == samples, p.toString());
                    assertTrue(most <= target, p.toString());
                    // and no more parts than that takes
                    assertTrue(p.count() <= threads || (samples + p.count() - threads - 1) / (p.count() - threads)
                            > target, p.toString());
                });
    }

    @Test
    void partsOfAtLeastCoverTheSamplesInOrderWithTheMostRoundsThatKeepTheirSize() {
        qt().forAll(integers().between(1, 2000), integers().between(1, 8), integers().between(1, 64))
                .checkAssert((samples, threads, least) -> {
                    Parts p = Parts.atLeast(samples, threads, least);
                    assertEquals(0, p.from(0));
                    assertEquals(samples, p.to(p.count() - 1));
                    int fewest = Integer.MAX_VALUE;
                    int most = 0;
                    for (int i = 0; i < p.count(); i++) {
                        if (i > 0) {
                            assertEquals(p.to(i - 1), p.from(i));
                        }
                        fewest = Math.min(fewest, p.size(i));
                        most = Math.max(most, p.size(i));
                    }
                    assertTrue(fewest >= 1 && most - fewest <= 1, fewest + ".." + most);
                    // one part per thread at least (as far as samples go), in whole rounds of threads
                    assertEquals(Math.min(samples, threads), Math.min(p.count(), threads), p.toString());
                    assertTrue(p.count() % threads == 0 || p.count() == samples, p.toString());
                    // parts of least samples or more wherever the batch holds that many per thread
                    assertTrue(fewest >= least || p.count() <= threads, p.toString());
                    // and one round more would cut some part below least
                    assertTrue(samples / (p.count() + threads) < least, p.toString());
                });
    }

    @Test
    void partsOfAtLeastAtTheBatchSizesThatRunThem() {
        assertEquals(2, Parts.atLeast(20, 2, 8).count());
        assertEquals(2, Parts.atLeast(31, 2, 8).count());
        assertEquals(4, Parts.atLeast(32, 2, 8).count());
        assertEquals(32, Parts.atLeast(256, 2, 8).count());
        assertEquals(2, Parts.atLeast(5, 2, 8).count());
        assertEquals(1, Parts.atLeast(1, 2, 8).count());
        assertEquals(3, Parts.atLeast(3, 4, 8).count());
        assertEquals(2, Parts.atLeast(20, 1, 8).count());
    }

    @Test
    void partsAreAboutTheTargetSize() {
        assertEquals(4, Parts.of(20, 2, 8).count());
        assertEquals(6, Parts.of(20, 2, 4).count());
        assertEquals(8, Parts.of(64, 2, 8).count());
        assertEquals(32, Parts.of(256, 2, 8).count());
        assertEquals(1, Parts.of(20, 1, 32).count());
        assertEquals(3, Parts.of(3, 4, 8).count());
        assertThrows(IllegalArgumentException.class, () -> new Parts(3, 4));
    }
}
