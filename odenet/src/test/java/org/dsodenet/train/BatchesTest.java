package org.dsodenet.train;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {

    @Test
    void orderIsADeterministicPermutation() {
        qt().withExamples(scaled(300)).forAll(longs().all(), integers().between(0, 1000), integers().between(0, 300))
                .checkAssert((seed, epoch, n) -> {
                    int[] o = Batches.order(seed, epoch, n);
                    assertArrayEquals(o, Batches.order(seed, epoch, n));
                    int[] sorted = o.clone();
                    Arrays.sort(sorted);
                    for (int i = 0; i < n; i++) {
                        assertEquals(i, sorted[i]);
                    }
                });
    }

    @Test
    void epochsAndSeedsShuffleDifferently() {
        int[] e0 = Batches.order(42, 0, 100);
        assertFalse(Arrays.equals(e0, Batches.order(42, 1, 100)));
        assertFalse(Arrays.equals(e0, Batches.order(43, 0, 100)));
        int[] identity = new int[100];
        Arrays.setAll(identity, i -> i);
        assertFalse(Arrays.equals(e0, identity));
    }

    @Test
    void shuffleIsRoughlyUniform() {
        // position of item 0 over 20000 epochs: each of 5 positions should get about 4000
        int[] counts = new int[5];
        for (int e = 0; e < 20000; e++) {
            int[] o = Batches.order(5, e, 5);
            for (int i = 0; i < 5; i++) {
                if (o[i] == 0) {
                    counts[i]++;
                }
            }
        }
        for (int c : counts) {
            assertEquals(4000, c, 250, Arrays.toString(counts));
        }
    }

    @Test
    void batchesCoverTheOrder() {
        qt().withExamples(scaled(300)).forAll(integers().between(0, 200), integers().between(1, 50))
                .checkAssert((n, bs) -> {
                    int[] o = Batches.order(1, 0, n);
                    List<int[]> all = Batches.split(o, bs, false);
                    assertEquals((n + bs - 1) / bs, all.size());
                    int[] joined = all.stream().flatMapToInt(Arrays::stream).toArray();
                    assertArrayEquals(o, joined);
                    List<int[]> full = Batches.split(o, bs, true);
                    assertEquals(n / bs, full.size());
                    full.forEach(b -> assertEquals(bs, b.length));
                });
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Batches.order(1, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> Batches.count(10, 0, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Batches.batch(new int[10], 3, 4));
        assertEquals("batch 3 is outside 3 batches of 4", e.getMessage());
    }

    @Test
    void derivedSeedsDependOnEveryPathElement() {
        long base = Seeds.derive(9, Seeds.AUGMENT, 3, 17);
        assertEquals(base, Seeds.derive(9, Seeds.AUGMENT, 3, 17));
        assertNotEquals(base, Seeds.derive(10, Seeds.AUGMENT, 3, 17));
        assertNotEquals(base, Seeds.derive(9, Seeds.SHUFFLE, 3, 17));
        assertNotEquals(base, Seeds.derive(9, Seeds.AUGMENT, 4, 17));
        assertNotEquals(base, Seeds.derive(9, Seeds.AUGMENT, 3, 18));
        assertNotEquals(base, Seeds.derive(9, Seeds.AUGMENT, 3));
        assertEquals(Seeds.rng(9, 1, 2).nextLong(), Seeds.rng(9, 1, 2).nextLong());
    }
}
