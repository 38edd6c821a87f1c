package org.dsodenet.ops.parallel;

import java.util.function.BooleanSupplier;

/**
 * An item of {@link Parallel#forEachIdempotent(int, IdempotentItem)} that can give up: when the caller runs an item
 * held up on another thread, two runs of it race, and the slower one's work is wasted, on cores that the faster one
 * and the rest of the batch need. An item that checks {@code finished} now and then (say between layers) and returns
 * once it says true, storing nothing, frees its thread for the rest of the call.
 */
@FunctionalInterface
public interface IdempotentItem {
    /**
     * Runs item {@code i}. {@code finished} turns true once another run of the same item has stored its result; the
     * run may then return at once.
     */
    void run(int i, BooleanSupplier finished);
}
