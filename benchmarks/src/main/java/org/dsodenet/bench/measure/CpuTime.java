package org.dsodenet.bench.measure;

// Thread-CPU time per call of the JMH benchmarks' own methods, for before/after comparisons on a machine shared with
// other work (where JMH's wall-clock scores swing by 2x): a descheduled thread's CPU clock stops. Reports the minimum
// and the median of 7 samples of at least 0.5 s CPU each, after 2 s of warm-up.
// Run from the repository root (for another commit, check it out in a worktree and run it there):
//   bench/measure.sh CpuTime layer forward 8 dw3x3 16x28         (bits 8, 16 or 16s: FixedLayerBenchmark#bits)
//   bench/measure.sh CpuTime network outputs MODEL.dsod
//   bench/measure.sh CpuTime float forward dw3x3 16x28      (FloatLayerBenchmark, one thread; also backward)
//   bench/measure.sh CpuTime peak                           (PeakBenchmark.oneCore: 131072 multiply-adds a call)
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import org.dsodenet.bench.FixedLayerBenchmark;
import org.dsodenet.bench.FixedNetworkBenchmark;
import org.dsodenet.bench.FloatLayerBenchmark;
import org.dsodenet.bench.PeakBenchmark;

public final class CpuTime {
    static Object sink;

    private CpuTime() {}

    public static void main(String[] a) throws Exception {
        Supplier<Object> call;
        Runnable prepare = null;
        String what;
        if (a[0].equals("peak")) {
            PeakBenchmark b = new PeakBenchmark();
            b.setup();
            call = method(b, "oneCore");
            what = "peak one core";
        } else if (a[0].equals("float")) {
            FloatLayerBenchmark b = new FloatLayerBenchmark();
            b.layer = a[2];
            b.shape = a[3];
            b.threads = 1;
            b.setup();
            call = method(b, a[1]);
            // backward pops the state of one training forward, which is recorded untimed before each call
            prepare = a[1].equals("backward") ? b::recordForward : null;
            what = "float " + a[2] + " " + a[3] + " " + a[1];
        } else if (a[0].equals("layer")) {
            FixedLayerBenchmark b = new FixedLayerBenchmark();
            b.bits = a[2];
            b.layer = a[3];
            b.shape = a[4];
            b.setup();
            call = a[1].equals("values") ? method(b, "values") : method(b, "forward");
            what = a[3] + " " + a[4] + " " + a[2] + "-bit " + a[1];
        } else {
            FixedNetworkBenchmark b = new FixedNetworkBenchmark();
            b.model = a[2];
            b.setup();
            call = method(b, a[1]);
            what = "network " + a[1];
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        sample(mx, call, prepare, 2_000_000_000L);
        double[] ns = new double[7];
        for (int i = 0; i < ns.length; i++) {
            ns[i] = sample(mx, call, prepare, 500_000_000L);
        }
        Arrays.sort(ns);
        System.out.printf(Locale.ROOT, "%-32s min %10.1f us  median %10.1f us  (thread CPU per call)%n", what,
                ns[0] / 1e3, ns[ns.length / 2] / 1e3);
    }

    static Supplier<Object> method(Object target, String name) throws Exception {
        java.lang.reflect.Method m = target.getClass().getMethod(name);
        return () -> {
            try {
                return m.invoke(target);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** CPU nanoseconds per call over at least {@code budget} CPU nanoseconds; {@code prepare} runs untimed. */
    static double sample(ThreadMXBean mx, Supplier<Object> call, Runnable prepare, long budget) {
        if (prepare != null) {
            long spent = 0;
            long n = 0;
            while (spent < budget) {
                prepare.run();
                long t0 = mx.getCurrentThreadCpuTime();
                sink = call.get();
                spent += mx.getCurrentThreadCpuTime() - t0;
                n++;
            }
            return (double) spent / n;
        }
        long start = mx.getCurrentThreadCpuTime();
        long n = 0;
        long now;
        do {
            for (int i = 0; i < 8; i++) {
                sink = call.get();
            }
            n += 8;
            now = mx.getCurrentThreadCpuTime();
        } while (now - start < budget);
        return (double) (now - start) / n;
    }
}
