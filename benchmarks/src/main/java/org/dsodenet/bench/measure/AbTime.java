package org.dsodenet.bench.measure;

// Thread-CPU time per call of one layer benchmark method in several builds at once, for before/after comparisons on
// a shared machine: each jar is loaded by its own class loader into one JVM, and after 2 s of warm-up each the
// builds take turns (in alternating order) at samples of at least 0.2 s CPU, so load that comes and goes reaches
// every build alike. Reports the minimum, first quartile and median per build.
// Build the jars first (./mvnw -B -q -DskipTests -pl benchmarks -am package, once per commit, copying
// benchmarks/target/benchmarks.jar away), then:
//   bench/measure.sh AbTime float forward dw3x3 64x7 20 /tmp/before.jar /tmp/after.jar   (also backward)
//   bench/measure.sh AbTime fixed batch dw3x3 64x7 20 /tmp/before.jar /tmp/after.jar     (FixedBatchLayerBenchmark)
//   DSODENET_JAVA_OPTS=-Dab.bits=16 bench/measure.sh AbTime fixed batch ...   (its bits: 8 unless -Dab.bits says 16)
// (float: FloatLayerBenchmark on one thread; fixed: FixedBatchLayerBenchmark, which runs on one thread.)
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

public final class AbTime {
    static Object sink;

    private AbTime() {}

    /** One build's benchmark object, its measured method and the untimed call before each (or null). */
    record Build(String jar, Object bench, Method call, Method prepare) {
        static Build load(String jar, String kind, String method, String layer, String shape) throws Exception {
            URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            String name = kind.equals("float") ? "FloatLayerBenchmark" : "FixedBatchLayerBenchmark";
            Class<?> c = loader.loadClass("org.dsodenet.bench." + name);
            Object b = c.getConstructor().newInstance();
            c.getField("layer").set(b, layer);
            c.getField("shape").set(b, shape);
            if (kind.equals("float")) {
                c.getField("threads").setInt(b, 1);
            } else {
                c.getField("bits").set(b, System.getProperty("ab.bits", "8"));
            }
            c.getMethod("setup").invoke(b);
            // backward pops the state of one training forward, recorded untimed before each call
            Method prepare = method.equals("backward") ? c.getMethod("recordForward") : null;
            return new Build(jar, b, c.getMethod(method), prepare);
        }

        /** CPU nanoseconds per call over at least {@code budget} CPU nanoseconds. */
        double sample(ThreadMXBean mx, long budget) throws Exception {
            long spent = 0;
            long n = 0;
            while (spent < budget) {
                if (prepare != null) {
                    prepare.invoke(bench);
                }
                long t0 = mx.getCurrentThreadCpuTime();
                sink = call.invoke(bench);
                spent += mx.getCurrentThreadCpuTime() - t0;
                n++;
            }
            return (double) spent / n;
        }
    }

    public static void main(String[] a) throws Exception {
        if (a.length < 7 || !a[0].equals("float") && !a[0].equals("fixed")) {
            throw new IllegalArgumentException("usage: AbTime float|fixed METHOD LAYER SHAPE ROUNDS JAR JAR...");
        }
        int rounds = Integer.parseInt(a[4]);
        Build[] builds = new Build[a.length - 5];
        for (int j = 0; j < builds.length; j++) {
            builds[j] = Build.load(a[5 + j], a[0], a[1], a[2], a[3]);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (Build b : builds) {
            b.sample(mx, 2_000_000_000L);
        }
        double[][] ns = new double[builds.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < builds.length; i++) {
                int j = r % 2 == 0 ? i : builds.length - 1 - i;
                ns[j][r] = builds[j].sample(mx, 200_000_000L);
            }
        }
        for (int j = 0; j < builds.length; j++) {
            Arrays.sort(ns[j]);
            System.out.printf(Locale.ROOT, "%-28s %s %s %s %s  min %9.1f us  q1 %9.1f us  median %9.1f us%n",
                    builds[j].jar(), a[0], a[2], a[3], a[1], ns[j][0] / 1e3, ns[j][rounds / 4] / 1e3,
                    ns[j][rounds / 2] / 1e3);
        }
    }
}
