package org.dsodenet.bench.measure;

// Thread-CPU time per call of FixedBatchLayerBenchmark (16-bit unless -Dab.bits says 8) with its per-thread rows
// placed at eight different offsets within a cache line, in one JVM: before each sample the benchmark gets fresh
// IntGroupBuffers after a System.gc() and a dummy array of 0, 8, .., 56 bytes, so that the rows (AlignedInts'
// allocations, made at the next call) start that much later in the thread's allocation buffer. Shifts take turns in
// rounds, so load that comes and goes reaches every shift alike; reports the minimum, first quartile and median per
// shift. Why: one jar's JMH forks differ, and a JVM keeps its rows where they landed until a GC moves them.
// Caveat: the rows follow the dummy only when both fit one allocation buffer (usual, not guaranteed).
//   bench/measure.sh RowPlacement dw3x3 32x14 4
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Locale;
import org.dsodenet.bench.FixedBatchLayerBenchmark;
import org.dsodenet.ops.fixed.kernel.IntGroupBuffers;

public final class RowPlacement {
    static final int SHIFTS = 8;
    static Object sink;

    private RowPlacement() {}

    public static void main(String[] a) throws Exception {
        if (a.length != 3) {
            throw new IllegalArgumentException("usage: RowPlacement LAYER SHAPE ROUNDS");
        }
        FixedBatchLayerBenchmark b = new FixedBatchLayerBenchmark();
        b.layer = a[0];
        b.shape = a[1];
        b.bits = System.getProperty("ab.bits", "16");
        b.setup();
        Field buffers = FixedBatchLayerBenchmark.class.getDeclaredField("buffers");
        buffers.setAccessible(true);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        sample(b, mx, 2_000_000_000L);
        int rounds = Integer.parseInt(a[2]);
        double[][] ns = new double[SHIFTS][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < SHIFTS; i++) {
                int s = r % 2 == 0 ? i : SHIFTS - 1 - i;
                buffers.set(b, null);
                System.gc();
                sink = new int[2 * s]; // 16 + 8·s bytes: the rows start 8·s bytes later within a cache line
                buffers.set(b, new IntGroupBuffers());
                b.batch(); // makes the rows
                ns[s][r] = sample(b, mx, 200_000_000L);
            }
        }
        for (int s = 0; s < SHIFTS; s++) {
            Arrays.sort(ns[s]);
            System.out.printf(Locale.ROOT, "%s %s %s-bit rows +%2d bytes  min %9.1f us  q1 %9.1f us  median %9.1f us%n",
                    a[0], a[1], b.bits, 8 * s, ns[s][0] / 1e3, ns[s][rounds / 4] / 1e3, ns[s][rounds / 2] / 1e3);
        }
    }

    /** CPU nanoseconds per call over at least {@code budget} CPU nanoseconds. */
    private static double sample(FixedBatchLayerBenchmark b, ThreadMXBean mx, long budget) {
        long spent = 0;
        long n = 0;
        while (spent < budget) {
            long t0 = mx.getCurrentThreadCpuTime();
            sink = b.batch();
            spent += mx.getCurrentThreadCpuTime() - t0;
            n++;
        }
        return (double) spent / n;
    }
}
