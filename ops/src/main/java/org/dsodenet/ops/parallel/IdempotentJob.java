package org.dsodenet.ops.parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link Parallel#forEachIdempotent} call: items that may run twice, so the caller never waits long for an item
 * another thread has claimed. On a busy machine a worker that runs for milliseconds on end is preempted, often in the
 * middle of an item, and then waits a whole scheduling round before it runs again; waiting for it cost more than the
 * second core gave. So once nothing is left to claim, the caller waits for a claimed item only about as long as its
 * own items took, and then runs that item itself; whichever run ends first counts, the other's effect is the same.
 * Each run can see when the other has finished ({@link IdempotentItem}) and give up.
 */
final class IdempotentJob {
    /** How many of its own items' mean time the caller waits for another thread's item before running it too. */
    private static final int PATIENCE = 2;
    private static final long NONE = Long.MIN_VALUE;

    private final int count;
    private final IdempotentItem body;
    private final AtomicInteger next = new AtomicInteger();
    /** Per item: when it was claimed ({@link #NONE} before), then {@code Long.MAX_VALUE} once it has run. */
    private final AtomicLongArray state;

    IdempotentJob(int count, IdempotentItem body) {
        this.count = count;
        this.body = body;
        this.state = new AtomicLongArray(count);
        for (int i = 0; i < count; i++) {
            state.set(i, NONE);
        }
    }

    /**
     * A worker's share: claims items until none is left. A failing item is left unfinished, so the caller runs it
     * again and throws its failure itself.
     */
    void help() {
        int i;
        while ((i = next.getAndIncrement()) < count) {
            state.set(i, System.nanoTime());
            try {
                run(i);
            } catch (Throwable e) {
                return;
            }
        }
    }

    /** The caller's share: claims items, then sees every item finished, running the ones held up itself. */
    void lead() {
        long spent = 0;
        int ran = 0;
        int i;
        while ((i = next.getAndIncrement()) < count) {
            long t0 = System.nanoTime();
            state.set(i, t0);
            run(i);
            spent += System.nanoTime() - t0;
            ran++;
        }
        long patience = ran == 0 ? 0 : PATIENCE * spent / ran;
        for (int k = 0; k < count; k++) {
            awaitOrRun(k, patience);
        }
    }

    private void awaitOrRun(int k, long patience) {
        while (true) {
            long s = state.get(k);
            if (s == Long.MAX_VALUE) {
                return;
            }
            if (s != NONE && System.nanoTime() - s < patience) {
                LockSupport.parkNanos(Math.min(20_000, patience / 8 + 1));
                continue;
            }
            run(k);
            return;
        }
    }

    /** One run of item i, told when another run of it has finished; either way the item counts as finished after. */
    private void run(int i) {
        body.run(i, () -> state.get(i) == Long.MAX_VALUE);
        state.set(i, Long.MAX_VALUE);
    }
}
