package org.dsodenet.bench.measure;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated on the heap by every live thread of the process so far (HotSpot's per-thread counters). A thread
 * that ends between two readings takes its bytes with it, as in {@link ProcessCpu}; the difference over a call is
 * what the call allocated, which unlike its time does not drift with the machine's load.
 */
final class ProcessAlloc {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ProcessAlloc() {}

    static long bytes() {
        long sum = 0;
        for (long b : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            sum += Math.max(0, b); // -1: the thread ended after it was listed
        }
        return sum;
    }
}
