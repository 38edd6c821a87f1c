package org.dsodenet.bench.measure;

// Whether the second core pays for float inference: one model's logits (in an output scope, as Evaluator.floatModel
// runs them) on 1 and 2 threads at several batch sizes, the images of an exported project's testbench repeated up to
// the batch. The thread counts alternate within each batch size (this machine's speed drifts), every run warmed up
// first. Per image: the median wall time and the median CPU of the whole process (every thread, GC and JIT included,
// ProcessCpu) over 5 samples of at least 0.5 s wall each, per thread count.
// Prints one line per run: "RESULT float-threads <batch> <threads> <cpu us/image> <wall us/image>", and then
// "SPEEDUP <batch> <wall 1 thread / wall 2 threads>". It also checks that both thread counts give the same logits.
//   bench/measure.sh FloatThreads MODEL.dsod PROJECT/tb/data/tb_data.txt [BATCH...]
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.parallel.Parallel;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

public final class FloatThreads {
    private static final int[] THREADS = {1, 2};
    private static final int SAMPLES = 5;
    private static final long SAMPLE_NANOS = 500_000_000L;
    private static final long WARM_NANOS = 2_000_000_000L;
    static Object sink;

    private FloatThreads() {}

    public static void main(String[] a) throws IOException {
        if (a.length < 2) {
            throw new IllegalArgumentException("usage: FloatThreads MODEL.dsod TB_DATA.txt [BATCH...]");
        }
        ModelFile.Loaded loaded = ModelFile.load(Path.of(a[0]));
        QNetwork net = loaded.quantized();
        if (net == null) {
            throw new IllegalArgumentException(a[0] + " holds no quantized network (its testbench has the inputs)");
        }
        OdeNetModel model = loaded.model();
        Tensor images = ExactSpeed.dequantized(ExactSpeed.inputs(Path.of(a[1]), net.inputType(), net.input().size()),
                net);
        int[] batches = a.length > 2 ? Arrays.stream(a, 2, a.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {20, 64, 256};
        for (int batch : batches) {
            Tensor x = repeated(images, batch);
            float[] one = null;
            double[][][] s = new double[THREADS.length][SAMPLES][];
            for (int t = 0; t < THREADS.length; t++) {
                Parallel.setThreads(THREADS[t]);
                float[] logits = logits(model, x);
                if (one == null) {
                    one = logits;
                } else if (!Arrays.equals(one, logits)) {
                    throw new IllegalStateException("batch " + batch + ": " + THREADS[t] + " threads change logits");
                }
                sample(model, x, WARM_NANOS);
            }
            for (int i = 0; i < SAMPLES; i++) {
                for (int t = 0; t < THREADS.length; t++) {
                    Parallel.setThreads(THREADS[t]);
                    s[t][i] = sample(model, x, SAMPLE_NANOS);
                }
            }
            double[] wall = new double[THREADS.length];
            for (int t = 0; t < THREADS.length; t++) {
                wall[t] = ExactSpeed.median(s[t], 1) / batch / 1e3;
                System.out.printf(Locale.ROOT, "RESULT float-threads %d %d %.1f %.1f%n", batch, THREADS[t],
                        ExactSpeed.median(s[t], 0) / batch / 1e3, wall[t]);
            }
            System.out.printf(Locale.ROOT, "SPEEDUP %d %.2f%n", batch, wall[0] / wall[1]);
        }
    }

    /** The first images of {@code images} over and over, {@code batch} of them. */
    static Tensor repeated(Tensor images, int batch) {
        Shape s = images.shape();
        int size = s.c() * s.h() * s.w();
        float[] x = new float[batch * size];
        for (int n = 0; n < batch; n++) {
            System.arraycopy(images.data(), (n % s.n()) * size, x, n * size, size);
        }
        return Tensor.wrap(Shape.nchw(batch, s.c(), s.h(), s.w()), x);
    }

    private static float[] logits(OdeNetModel model, Tensor x) {
        return Outputs.scoped(() -> model.logits(x).data().clone());
    }

    /** Process CPU and wall nanoseconds per forward over at least {@code budget} wall nanoseconds. */
    private static double[] sample(OdeNetModel model, Tensor x, long budget) {
        long c0 = ProcessCpu.nanos();
        long w0 = System.nanoTime();
        long n = 0;
        long w;
        do {
            Outputs.scoped(() -> {
                sink = model.logits(x).data();
            });
            n++;
            w = System.nanoTime();
        } while (w - w0 < budget);
        return new double[] {(double) (ProcessCpu.nanos() - c0) / n, (double) (w - w0) / n};
    }
}
