package org.dsodenet.ops.fixed;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * One value per live thread, like a {@link ThreadLocal} that keeps its values on the common fork-join pool's workers
 * too: JDK 17 erases those workers' thread locals after every top-level task, so a parallel stream's worker lost
 * its group planes on every call (≈ 10 MB allocated per QAT step at the demo's sizes). Values are held weakly by
 * their thread, so they go with it; a lookup takes one short lock.
 */
final class PerThread<T> {
    private final Map<Thread, T> values = new WeakHashMap<>();

    /** The calling thread's value, or null. */
    synchronized T get() {
        return values.get(Thread.currentThread());
    }

    /** Sets the calling thread's value. */
    synchronized void set(T value) {
        values.put(Thread.currentThread(), value);
    }
}
