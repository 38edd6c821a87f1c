package org.dsodenet.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Threads;

/**
 * The float multiply-add rate this JVM reaches on this machine with the loop shape the kernels use
 * ({@code y[i] = y[i] * a + b} over an L1-resident array, which the JIT vectorizes; Java does not fuse the multiply
 * and the add). One operation = one multiply-add = 2 FLOPs. {@code oneCore} runs one thread, {@code allCores} one
 * thread per core (JMH sums their rates). Run: {@code java -jar benchmarks/target/benchmarks.jar PeakBenchmark}.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PeakBenchmark extends JmhDefaults {
    static final int N = 512;
    static final int REPS = 256;

    float[] y;
    float a = 0.999f;
    float b = 0.001f;

    @Setup
    public void setup() {
        y = new float[N];
        Arrays.fill(y, 1f);
    }

    private float[] run() {
        float[] v = y;
        float m = a;
        float c = b;
        for (int r = 0; r < REPS; r++) {
            for (int i = 0; i < N; i++) {
                v[i] = v[i] * m + c;
            }
        }
        return v;
    }

    @Benchmark
    @OperationsPerInvocation(N * REPS)
    public float[] oneCore() {
        return run();
    }

    @Benchmark
    @Threads(Threads.MAX)
    @OperationsPerInvocation(N * REPS)
    public float[] allCores() {
        return run();
    }
}
