package org.dsodenet.bench.measure;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the whole process (every thread: kernels, GC, JIT) in nanoseconds. On Linux the sum of the scheduler's
 * per-thread run times ({@code /proc/self/task/N/schedstat}, nanoseconds), so that one call of a few tens of
 * milliseconds can be read by itself; the JVM's own process CPU clock ticks in 10 ms steps, which only a mean over
 * many calls can use. Elsewhere, that clock. A thread that ends between two readings takes its time with it, which
 * the programs here avoid by keeping their pools alive.
 */
final class ProcessCpu {
    private static final Path TASKS = Path.of("/proc/self/task");
    /** Read once: a kernel without scheduler statistics has no such file, and then the JVM's clock is used. */
    private static final boolean FINE = Files.isReadable(Path.of("/proc/self/schedstat"));

    private ProcessCpu() {}

    /** Whether {@link #nanos} is the fine-grained sum (else the JVM's coarse clock). */
    static boolean fine() {
        return FINE;
    }

    static long nanos() {
        if (!fine()) {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path t : tasks) {
                try {
                    String s = Files.readString(t.resolve("schedstat"));
                    sum += Long.parseLong(s.substring(0, s.indexOf(' ')));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while the directory was read: its time is lost either way
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + TASKS, e);
        }
        return sum;
    }
}
