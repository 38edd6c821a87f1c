package org.dsodenet.bench.measure;

// Float inference ÷ the bit-exact batch (ThreadsPass), wall time per image on a given number of kernel threads, for
// several builds in one JVM: issue 11's target is this ratio, and on a machine whose speed drifts by half from one
// JVM to the next only a ratio of float and bit-exact samples taken side by side says whether a build meets it. Each
// round runs, per build (builds in alternating order), a float sample and a bit-exact sample of about 0.1 s (their
// order alternating too) and takes their ratio; after 2 s of warm-up per build and run, reports per build the
// minimum, first quartile and median wall time per image of each run, and the minimum, first quartile and median of
// the per-round ratios.
//   bench/measure.sh AbRatio ROUNDS MODEL.dsod PROJECT/tb/data/tb_data.txt BATCH THREADS BASE.jar NEW.jar
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntConsumer;

public final class AbRatio {
    private static final long SAMPLE_NANOS = 100_000_000L;
    private static final long WARM_NANOS = 2_000_000_000L;

    private AbRatio() {}

    @SuppressWarnings("unchecked")
    public static void main(String[] a) throws Exception {
        if (a.length < 6) {
            throw new IllegalArgumentException("usage: AbRatio ROUNDS MODEL.dsod TB_DATA.txt BATCH THREADS JAR...");
        }
        int rounds = Integer.parseInt(a[0]);
        int batch = Integer.parseInt(a[3]);
        int threads = Integer.parseInt(a[4]);
        int n = a.length - 5;
        // per build: [0] float, [1] bit-exact
        IntConsumer[][] runs = new IntConsumer[n][2];
        int[][] reps = new int[n][2];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < 2; k++) {
                String[] pass = {a[1], a[2], k == 0 ? "float" : "exact", a[3]};
                runs[j][k] = ((Function<String[], IntConsumer>) new IsolatedBuild(a[5 + j], ThreadsPass.class)
                        .driver()).apply(pass);
                long[] r = AbThreads.run(runs[j][k], threads, WARM_NANOS, 0);
                reps[j][k] = (int) Math.max(1, r[1] * SAMPLE_NANOS / WARM_NANOS);
            }
        }
        double[][][] us = new double[n][2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int jj = 0; jj < n; jj++) {
                int j = r % 2 == 0 ? jj : n - 1 - jj;
                for (int kk = 0; kk < 2; kk++) {
                    int k = (r / 2 + jj) % 2 == 0 ? kk : 1 - kk;
                    long[] s = AbThreads.run(runs[j][k], threads, 0, reps[j][k]);
                    us[j][k][r] = s[0] / 1e3 / s[1] / batch;
                }
            }
        }
        System.out.printf(Locale.ROOT, "batch %d on %d threads, %d rounds, wall us/image: min q1 median%n", batch,
                threads, rounds);
        for (int j = 0; j < n; j++) {
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = us[j][0][r] / us[j][1][r];
            }
            String[] name = {"float", "exact"};
            for (int k = 0; k < 2; k++) {
                double[] q = quartiles(us[j][k]);
                System.out.printf(Locale.ROOT, "RESULT %s %s %8.1f %8.1f %8.1f%n", a[5 + j], name[k], q[0], q[1],
                        q[2]);
            }
            double[] q = quartiles(ratio);
            System.out.printf(Locale.ROOT, "RATIO %s float/exact per round %.3f %.3f %.3f%n", a[5 + j], q[0], q[1],
                    q[2]);
        }
    }

    private static double[] quartiles(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return new double[] {s[0], s[s.length / 4], s[s.length / 2]};
    }
}
