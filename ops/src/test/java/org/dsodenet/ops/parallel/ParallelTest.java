package org.dsodenet.ops.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
    private final int saved = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
    }

    @Test
    void everyIndexRunsExactlyOnceEvenWhenNested() {
        for (int threads : new int[] {1, 2, 5}) {
            Parallel.setThreads(threads);
            AtomicIntegerArray hits = new AtomicIntegerArray(40 * 7);
            Parallel.forEach(40, i -> Parallel.forEach(7, j -> hits.incrementAndGet(i * 7 + j)));
            for (int i = 0; i < hits.length(); i++) {
                assertEquals(1, hits.get(i), "index " + i + " with " + threads + " threads");
            }
        }
    }

    @Test
    void failuresReachTheCaller() {
        Parallel.setThreads(3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forEach(100, i -> {
            if (i == 57) {
                throw new IllegalStateException("item 57");
            }
        }));
        assertEquals("item 57", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
    }
}
