package org.dsodenet.bench.measure;

// Java's half of bench/exact-speed.sh: float inference and the count-free bit-exact forward of one model on the
// images of an exported project's testbench (the very raws the C++ timing driver reads), on one thread and on
// every core. Times per image, as thread CPU (one thread: a descheduled thread's clock stops, so it survives a
// shared machine) and wall clock; each is the median of 5 samples of at least 1 s. Every run is warmed up (3 s of
// CPU each) before the first is timed: on a loaded machine the JIT's compiler threads lag, and a run timed while
// its kernels are still interpreted looks several times slower.
// On one thread the bit-exact run is outputsBatch (the images as one group, layer by layer) and java-exact-single the
// one-image forward image by image.
// Prints one line per run: "RESULT <run> <threads> <cpu us/image> <wall us/image>".
//   bench/measure.sh ExactSpeed MODEL.dsod PROJECT/tb/data/tb_data.txt
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.oracle.RawHex;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.ops.fixed.FixedForward;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.parallel.Parallel;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

public final class ExactSpeed {
    static Object sink;

    private ExactSpeed() {}

    public static void main(String[] a) throws IOException {
        if (a.length != 2) {
            throw new IllegalArgumentException("usage: ExactSpeed MODEL.dsod TB_DATA.txt");
        }
        ModelFile.Loaded loaded = ModelFile.load(Path.of(a[0]));
        QNetwork net = loaded.quantized();
        if (net == null) {
            throw new IllegalArgumentException(a[0] + " holds no quantized network");
        }
        List<long[]> inputs = inputs(Path.of(a[1]), net.inputType(), net.input().size());
        OdeNetModel model = loaded.model();
        Tensor images = dequantized(inputs, net);
        FixedForward exact = new FixedForward(net);
        int n = inputs.size();
        System.out.println("# " + n + " images; layers on the BigInteger path: " + exact.wideLayers());

        // in an output scope, as Evaluator.floatModel runs float inference: layer outputs reuse their arrays
        LongSupplier floatPass = () -> Outputs.scoped(() -> {
            sink = model.logits(images).data()[0];
            return 0L;
        });
        LongSupplier exactPass = () -> {
            for (long[] x : inputs) {
                sink = exact.outputs(x);
            }
            return 0;
        };
        LongSupplier exactBatch = () -> {
            sink = exact.outputsBatch(inputs);
            return 0;
        };
        int cores = Runtime.getRuntime().availableProcessors();
        for (int threads : new int[] {cores, 1}) {
            Parallel.setThreads(threads);
            sample(floatPass, threadCpu(), 3_000_000_000L, 1);
            sample(exactBatch, threadCpu(), 3_000_000_000L, 1);
            if (threads == 1) {
                sample(exactPass, threadCpu(), 3_000_000_000L, 1);
            }
        }
        report("java-float", 1, n, floatPass);
        // One thread: outputsBatch runs the images as one group layer by layer (as float inference runs its batch);
        // java-exact-single is the one-image forward image by image, the earlier one-thread run.
        report("java-exact", 1, n, exactBatch);
        report("java-exact-single", 1, n, exactPass);
        Parallel.setThreads(cores);
        report("java-float", cores, n, floatPass);
        report("java-exact", cores, n, exactBatch);
    }

    private static LongSupplier threadCpu() {
        return ManagementFactory.getThreadMXBean()::getCurrentThreadCpuTime;
    }

    /** The "input" lines of a dsodenet-tb file, as raws of the network's input type. */
    static List<long[]> inputs(Path tb, FixedType t, int size) throws IOException {
        List<long[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(tb)) {
            if (!line.startsWith("input ")) {
                continue;
            }
            String[] f = line.trim().split(" ");
            if (Integer.parseInt(f[1]) != size || f.length != size + 2) {
                throw new IllegalArgumentException(tb + ": an input line has " + f[1] + " values, the network takes "
                        + size);
            }
            long[] x = new long[size];
            for (int i = 0; i < size; i++) {
                x[i] = Fx.fromBig(RawHex.parse(f[i + 2], t), t);
            }
            out.add(x);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(tb + ": no input lines");
        }
        return out;
    }

    /** The images as the float model sees them: exactly the values the bit-exact forward gets. */
    static Tensor dequantized(List<long[]> inputs, QNetwork net) {
        Dims d = net.input();
        float[] x = new float[inputs.size() * d.size()];
        for (int n = 0; n < inputs.size(); n++) {
            for (int i = 0; i < d.size(); i++) {
                x[n * d.size() + i] = (float) Fx.toDouble(inputs.get(n)[i], net.inputType());
            }
        }
        return Tensor.wrap(Shape.nchw(inputs.size(), d.c(), d.h(), d.w()), x);
    }

    /**
     * Median CPU and wall time per image of {@code pass} (one pass over all images). CPU is this thread's with one
     * thread, the process's otherwise (then it includes every worker).
     */
    static void report(String run, int threads, int images, LongSupplier pass) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        LongSupplier cpu = threads == 1 ? mx::getCurrentThreadCpuTime : os::getProcessCpuTime;
        double[][] s = new double[5][];
        for (int i = 0; i < s.length; i++) {
            s[i] = sample(pass, cpu, 1_000_000_000L, threads);
        }
        double cpuUs = median(s, 0) / images / 1e3;
        double wallUs = median(s, 1) / images / 1e3;
        System.out.printf(Locale.ROOT, "RESULT %s %d %.1f %.1f%n", run, threads, cpuUs, wallUs);
    }

    /** CPU and wall nanoseconds per pass over at least {@code budget} CPU nanoseconds per thread. */
    static double[] sample(LongSupplier pass, LongSupplier cpu, long budget, int threads) {
        long c0 = cpu.getAsLong();
        long w0 = System.nanoTime();
        long n = 0;
        long c;
        do {
            pass.getAsLong();
            n++;
            c = cpu.getAsLong();
        } while (c - c0 < budget * threads);
        return new double[] {(double) (c - c0) / n, (double) (System.nanoTime() - w0) / n};
    }

    static double median(double[][] s, int k) {
        double[] v = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            v[i] = s[i][k];
        }
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
