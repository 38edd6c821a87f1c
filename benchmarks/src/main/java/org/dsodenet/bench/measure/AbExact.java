package org.dsodenet.bench.measure;

// Thread CPU per image of the count-free bit-exact batch (ThreadsPass "exact": outputsBatch) on one thread, for
// several builds in one JVM: ExactSpeed's one-thread measure, but alternated, since the machine's speed drifts by up
// to half from one JVM to the next and a 2-5 % change only shows when both builds see the same moments. Each jar is
// loaded in its own class loader with this build's ThreadsPass defined into it (IsolatedBuild); after 3 s of CPU of
// warm-up each, the builds take turns (in alternating order) at samples of at least 0.3 s CPU. Reports the minimum,
// first quartile and median per build.
//   bench/measure.sh AbExact ROUNDS MODEL.dsod PROJECT/tb/data/tb_data.txt BATCH BASE.jar NEW.jar
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntConsumer;

public final class AbExact {
    private static final long WARM_NANOS = 3_000_000_000L;
    private static final long SAMPLE_NANOS = 300_000_000L;

    private AbExact() {}

    @SuppressWarnings("unchecked")
    public static void main(String[] a) throws Exception {
        if (a.length < 5) {
            throw new IllegalArgumentException("usage: AbExact ROUNDS MODEL.dsod TB_DATA.txt BATCH JAR...");
        }
        int rounds = Integer.parseInt(a[0]);
        int batch = Integer.parseInt(a[3]);
        String[] pass = {a[1], a[2], "exact", a[3]};
        int n = a.length - 4;
        IntConsumer[] builds = new IntConsumer[n];
        for (int j = 0; j < n; j++) {
            builds[j] = ((Function<String[], IntConsumer>) new IsolatedBuild(a[4 + j], ThreadsPass.class).driver())
                    .apply(pass);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (IntConsumer b : builds) {
            sample(b, mx, WARM_NANOS);
        }
        double[][] us = new double[n][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                int j = r % 2 == 0 ? k : n - 1 - k;
                double[] s = sample(builds[j], mx, SAMPLE_NANOS);
                us[j][r] = s[0] / 1e3 / s[1] / batch;
            }
        }
        System.out.printf(Locale.ROOT, "exact batch %d, one thread, %d rounds, thread CPU us/image: min q1 median%n",
                batch, rounds);
        for (int j = 0; j < n; j++) {
            double[] s = us[j].clone();
            Arrays.sort(s);
            System.out.printf(Locale.ROOT, "RESULT %s %8.1f %8.1f %8.1f%n", a[4 + j], s[0], s[rounds / 4],
                    s[rounds / 2]);
        }
    }

    /** Thread-CPU nanoseconds and passes over at least {@code budget} CPU nanoseconds, on one kernel thread. */
    private static double[] sample(IntConsumer build, ThreadMXBean mx, long budget) {
        long t0 = mx.getCurrentThreadCpuTime();
        long done = 0;
        long spent;
        do {
            build.accept(1);
            done++;
            spent = mx.getCurrentThreadCpuTime() - t0;
        } while (spent < budget);
        return new double[] {spent, done};
    }
}
