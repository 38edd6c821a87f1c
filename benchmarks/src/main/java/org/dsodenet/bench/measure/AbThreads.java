package org.dsodenet.bench.measure;

// Wall time per image of float inference or the bit-exact batch (ThreadsPass) on 1 and 2 kernel threads, for several
// builds in one JVM: on a machine shared with other work, whose share of the cores comes and goes within seconds,
// separate runs of two builds see different machines; here the builds and thread counts take turns at short samples
// (a few tens of passes, about 0.1 s), each jar in its own class loader with this build's ThreadsPass defined into
// it (IsolatedBuild), so both builds see the same moments. After 2 s of warm-up per build and thread count, reports
// per build and thread count the minimum, first quartile and median wall time per image over the rounds (the
// minimum is the least disturbed sample: on a busy machine two threads only sometimes get two cores), and per build
// the ratio of one thread's to two threads' wall time at each statistic.
//   bench/measure.sh AbThreads ROUNDS MODEL.dsod PROJECT/tb/data/tb_data.txt float|exact BATCH BASE.jar NEW.jar
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntConsumer;

public final class AbThreads {
    private static final int[] THREADS = {1, 2};
    private static final long SAMPLE_NANOS = 100_000_000L;
    private static final long WARM_NANOS = 2_000_000_000L;

    private AbThreads() {}

    @SuppressWarnings("unchecked")
    public static void main(String[] a) throws Exception {
        if (a.length < 6) {
            throw new IllegalArgumentException(
                    "usage: AbThreads ROUNDS MODEL.dsod TB_DATA.txt float|exact BATCH JAR...");
        }
        int rounds = Integer.parseInt(a[0]);
        int batch = Integer.parseInt(a[4]);
        String[] pass = Arrays.copyOfRange(a, 1, 5);
        int n = a.length - 5;
        IntConsumer[] builds = new IntConsumer[n];
        for (int j = 0; j < n; j++) {
            builds[j] = ((Function<String[], IntConsumer>) new IsolatedBuild(a[5 + j], ThreadsPass.class).driver())
                    .apply(pass);
        }
        int[] reps = new int[n * THREADS.length];
        for (int j = 0; j < n; j++) {
            for (int t = 0; t < THREADS.length; t++) {
                long[] r = run(builds[j], THREADS[t], WARM_NANOS, 0);
                reps[j * THREADS.length + t] = (int) Math.max(1, r[1] * SAMPLE_NANOS / WARM_NANOS);
            }
        }
        double[][] us = new double[reps.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < reps.length; k++) {
                int slot = r % 2 == 0 ? k : reps.length - 1 - k;
                int j = slot / THREADS.length;
                long[] s = run(builds[j], THREADS[slot % THREADS.length], 0, reps[slot]);
                us[slot][r] = s[0] / 1e3 / s[1] / batch;
            }
        }
        System.out.printf(Locale.ROOT, "%s batch %d, %d rounds, wall us/image: min q1 median%n", a[3], batch, rounds);
        for (int j = 0; j < n; j++) {
            double[][] q = new double[THREADS.length][];
            for (int t = 0; t < THREADS.length; t++) {
                double[] s = us[j * THREADS.length + t].clone();
                Arrays.sort(s);
                q[t] = new double[] {s[0], s[rounds / 4], s[rounds / 2]};
                System.out.printf(Locale.ROOT, "RESULT %s %d threads %8.1f %8.1f %8.1f%n", a[5 + j], THREADS[t],
                        q[t][0], q[t][1], q[t][2]);
            }
            System.out.printf(Locale.ROOT, "SPEEDUP %s 1/2 threads %.2f %.2f %.2f%n", a[5 + j], q[0][0] / q[1][0],
                    q[0][1] / q[1][1], q[0][2] / q[1][2]);
        }
    }

    /** Wall nanoseconds and passes: {@code reps} passes, or as many as fill {@code budget} when reps is 0. */
    static long[] run(IntConsumer build, int threads, long budget, int reps) {
        build.accept(threads);
        long w0 = System.nanoTime();
        long done = 0;
        while (reps > 0 ? done < reps : System.nanoTime() - w0 < budget) {
            build.accept(threads);
            done++;
        }
        return new long[] {System.nanoTime() - w0, done};
    }
}
