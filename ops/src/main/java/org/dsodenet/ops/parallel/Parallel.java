package org.dsodenet.ops.parallel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * A small fixed pool that runs the independent work items of a kernel (one per sample, per channel, ...).
 *
 * <p>Determinism contract: {@link #forEach} only decides <em>who</em> runs item {@code i}, never how it is computed,
 * and kernels give every item its own disjoint outputs and a fixed internal reduction order. Results are therefore
 * bit-identical for every thread count. Reductions across items (for example parameter gradients over the batch)
 * are written as items over the reduced-into index (e.g. one item per output channel that loops over the batch in
 * order), never as concurrent accumulation.
 *
 * <p>The caller takes part in the work and only waits for items that have already been claimed. A loop called from
 * inside an item runs on that item's thread alone: the other threads are busy with the outer loop's items, so
 * handing its items out would only queue no-op tasks behind them (this is what lets a whole forward run per share of
 * the samples, {@link SampleSplit}, its layers' loops inside it costing no hand-off).
 */
public final class Parallel {
    private static final Object LOCK = new Object();
    private static volatile int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static ExecutorService pool;
    /** Whether the calling thread is running an item of a loop. */
    private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(() -> new boolean[1]);

    private Parallel() {}

    /** Number of threads kernels use (the caller included). */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads kernels use (the caller included); 1 runs everything on the caller. */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + n);
        }
        synchronized (LOCK) {
            if (n != threads && pool != null) {
                pool.shutdown();
                pool = null;
            }
            threads = n;
        }
    }

    /** Runs {@code body.accept(i)} for every {@code i} in {@code [0, count)}, each exactly once. */
    public static void forEach(int count, IntConsumer body) {
        int t = Math.min(threads, count);
        if (t <= 1 || INSIDE.get()[0]) {
            serially(count, body);
            return;
        }
        ExecutorService exec = pool();
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(count);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> drain(count, body, next, done, failure);
        for (int k = 1; k < t; k++) {
            exec.execute(worker);
        }
        worker.run();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for parallel work", e);
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error err) {
            throw err;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
    }

    /**
     * Runs {@code body.accept(i)} for every {@code i} in {@code [0, count)} at least once, possibly twice on two
     * threads at once, and returns once each has run once: for items whose effect is the same however often they run
     * (each computes its result on its own and stores it whole), which lets the caller take over an item that a
     * preempted thread holds instead of waiting for it ({@link IdempotentJob}). An item's failure is thrown as it
     * was when the caller runs the item.
     */
    public static void forEachIdempotent(int count, IntConsumer body) {
        forEachIdempotent(count, (i, finished) -> body.accept(i));
    }

    /**
     * As {@link #forEachIdempotent(int, IntConsumer)}, each run of an item told when another run of it has finished,
     * so that the slower of two runs can give up ({@link IdempotentItem}).
     */
    public static void forEachIdempotent(int count, IdempotentItem body) {
        int t = Math.min(threads, count);
        if (t <= 1 || INSIDE.get()[0]) {
            for (int i = 0; i < count; i++) {
                body.run(i, () -> false);
            }
            return;
        }
        IdempotentJob job = new IdempotentJob(count, body);
        ExecutorService exec = pool();
        for (int k = 1; k < t; k++) {
            exec.execute(() -> inside(job::help));
        }
        inside(job::lead);
    }

    private static void serially(int count, IntConsumer body) {
        for (int i = 0; i < count; i++) {
            body.accept(i);
        }
    }

    /** Runs {@code r} marked as inside an item, so loops it calls run on this thread. */
    private static void inside(Runnable r) {
        boolean[] in = INSIDE.get();
        in[0] = true;
        try {
            r.run();
        } finally {
            in[0] = false;
        }
    }

    private static void drain(int count, IntConsumer body, AtomicInteger next, CountDownLatch done,
                              AtomicReference<Throwable> failure) {
        inside(() -> claim(count, body, next, done, failure));
    }

    private static void claim(int count, IntConsumer body, AtomicInteger next, CountDownLatch done,
                              AtomicReference<Throwable> failure) {
        int i;
        while ((i = next.getAndIncrement()) < count) {
            try {
                if (failure.get() == null) {
                    body.accept(i);
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                done.countDown();
            }
        }
    }

    private static ExecutorService pool() {
        synchronized (LOCK) {
            if (pool == null) {
                AtomicInteger id = new AtomicInteger();
                ThreadFactory factory = r -> {
                    Thread th = new Thread(r, "dsodenet-kernel-" + id.incrementAndGet());
                    th.setDaemon(true);
                    return th;
                };
                pool = Executors.newFixedThreadPool(threads - 1, factory);
            }
            return pool;
        }
    }
}
