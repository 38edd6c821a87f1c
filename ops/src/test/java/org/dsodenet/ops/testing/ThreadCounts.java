package org.dsodenet.ops.testing;

import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.dsodenet.ops.parallel.Parallel;

/**
 * Kernels promise the same floats for any thread count: runs a computation on one thread and on three (more than
 * this machine's cores, so items change hands) and hands both results to a check. The thread count is restored.
 */
public final class ThreadCounts {
    private ThreadCounts() {}

    public static <T> void compare(Supplier<T> run, BiConsumer<T, T> check) {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            T one = run.get();
            Parallel.setThreads(3);
            check.accept(one, run.get());
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
