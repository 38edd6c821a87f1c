package org.dsodenet.bench.measure;

// Thread CPU per float training step (FloatTrainStep: dsODENet 8-16-32, batch 64, one kernel thread) of several
// builds in one JVM, for before/after comparisons of the whole step on a shared machine, as AbTime does for single
// layers: each jar gets its own class loader, into which this build's FloatTrainStep is defined (so jars of commits
// from before this program work too); after 15 warm-up steps each, the builds take turns (in alternating order) at
// samples of 3 steps. Reports the minimum, first quartile and median per build.
// Build the jars first (./mvnw -B -q -DskipTests -pl benchmarks -am package, once per commit, copying
// benchmarks/target/benchmarks.jar away), then from the repository root:
//   bench/measure.sh AbStep 20 /tmp/before.jar /tmp/after.jar
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

public final class AbStep {
    private AbStep() {}

    @SuppressWarnings("unchecked")
    public static void main(String[] a) throws Exception {
        if (a.length < 3) {
            throw new IllegalArgumentException("usage: AbStep ROUNDS JAR JAR...");
        }
        int rounds = Integer.parseInt(a[0]);
        int n = a.length - 1;
        Runnable[] steps = new Runnable[n];
        for (int j = 0; j < n; j++) {
            steps[j] = ((Supplier<Runnable>) new IsolatedBuild(a[j + 1], FloatTrainStep.class).driver()).get();
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (Runnable s : steps) {
            for (int w = 0; w < 15; w++) {
                s.run();
            }
        }
        double[][] ms = new double[n][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                int j = r % 2 == 0 ? k : n - 1 - k;
                long t0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < 3; i++) {
                    steps[j].run();
                }
                ms[j][r] = (mx.getCurrentThreadCpuTime() - t0) / 3e6;
            }
        }
        for (int j = 0; j < n; j++) {
            double[] s = ms[j].clone();
            Arrays.sort(s);
            System.out.printf(Locale.ROOT, "%-28s float train step  min %8.1f ms  q1 %8.1f ms  median %8.1f ms"
                    + "  (thread CPU)%n", a[j + 1], s[0], s[rounds / 4], s[rounds / 2]);
        }
    }
}
