package org.dsodenet.ops.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** With a worker to spare, a loop inside an item still runs on that item's thread alone. */
    @Test
    void aLoopInsideAnItemRunsOnItsThread() {
        Parallel.setThreads(3);
        AtomicInteger elsewhere = new AtomicInteger();
        for (int round = 0; round < 20; round++) {
            Parallel.forEach(2, i -> {
                Thread mine = Thread.currentThread();
                Parallel.forEach(200, j -> {
                    if (Thread.currentThread() != mine) {
                        elsewhere.incrementAndGet();
                    }
                    Blackhole.consume(j);
                });
            });
        }
        assertEquals(0, elsewhere.get());
    }

    /** Work the JIT cannot drop, so that an item takes a moment. */
    private static final class Blackhole {
        static volatile double sink;

        static void consume(int j) {
            double s = 0;
            for (int k = 0; k < 2000; k++) {
                s += Math.sqrt(k + j);
            }
            sink = s;
        }
    }

    /**
     * The worker's item waits until the caller has run that same item: forEachIdempotent returns only because the
     * caller, with nothing left to claim, does not wait for an item held up on another thread but runs it too.
     */
    @Test
    void idempotentItemsHeldUpElsewhereAreRunByTheCaller() throws Exception {
        Parallel.setThreads(2);
        Thread caller = Thread.currentThread();
        CountDownLatch workerIn = new CountDownLatch(1);
        CountDownLatch callerRanIt = new CountDownLatch(1);
        AtomicIntegerArray workerHeld = new AtomicIntegerArray(2);
        AtomicIntegerArray byCaller = new AtomicIntegerArray(2);
        Parallel.forEachIdempotent(2, i -> {
            try {
                if (Thread.currentThread() == caller) {
                    byCaller.incrementAndGet(i);
                    if (workerHeld.get(i) == 1) {
                        callerRanIt.countDown();
                    } else {
                        workerIn.await(60, TimeUnit.SECONDS);
                    }
                } else {
                    workerHeld.set(i, 1);
                    workerIn.countDown();
                    callerRanIt.await(60, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(0, callerRanIt.getCount(), "the caller waited for the worker's item instead of running it");
        assertEquals(2, byCaller.get(0) + byCaller.get(1));
    }

    /**
     * The worker's run of an item held up until the caller has run it too is told so: its {@code finished} turns
     * true once the caller's run has ended, and not before (the caller's own run is never told of itself).
     */
    @Test
    void theSlowerRunOfAnIdempotentItemIsToldTheOtherFinished() throws Exception {
        Parallel.setThreads(2);
        Thread caller = Thread.currentThread();
        CountDownLatch workerIn = new CountDownLatch(1);
        CountDownLatch workerTold = new CountDownLatch(1);
        AtomicIntegerArray workerHeld = new AtomicIntegerArray(2);
        AtomicIntegerArray finishedEarly = new AtomicIntegerArray(2);
        Parallel.forEachIdempotent(2, (i, finished) -> {
            try {
                if (Thread.currentThread() == caller) {
                    if (workerHeld.get(i) == 0) {
                        workerIn.await(60, TimeUnit.SECONDS);
                    }
                    finishedEarly.set(i, finished.getAsBoolean() ? 1 : 0);
                } else {
                    workerHeld.set(i, 1);
                    boolean told = finished.getAsBoolean();
                    finishedEarly.set(i, told ? 1 : 0);
                    workerIn.countDown();
                    long end = System.nanoTime() + 60_000_000_000L;
                    while (!told && System.nanoTime() < end) {
                        Thread.sleep(1);
                        told = finished.getAsBoolean();
                    }
                    if (told) {
                        workerTold.countDown();
                    }
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(workerTold.await(60, TimeUnit.SECONDS), "the worker's run was never told the caller's had ended");
        assertEquals(0, finishedEarly.get(0) + finishedEarly.get(1), "a run was told of a finish before it ended");
    }

    @Test
    void idempotentItemsAllRunAndTheirFailuresReachTheCaller() {
        for (int threads : new int[] {1, 2, 3}) {
            Parallel.setThreads(threads);
            AtomicIntegerArray hits = new AtomicIntegerArray(100);
            Parallel.forEachIdempotent(100, hits::incrementAndGet);
            for (int i = 0; i < hits.length(); i++) {
                assertTrue(hits.get(i) >= 1, "index " + i + " with " + threads + " threads");
            }
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Parallel.forEachIdempotent(100, i -> {
                        if (i == 57) {
                            throw new IllegalStateException("item 57");
                        }
                    }));
            assertEquals("item 57", e.getMessage());
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
