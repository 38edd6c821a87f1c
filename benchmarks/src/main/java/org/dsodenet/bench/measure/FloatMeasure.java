package org.dsodenet.bench.measure;

import java.util.Arrays;
import java.util.Locale;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.Datasets;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.odenet.quant.ModelQuantizer;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.loss.SoftmaxCrossEntropy;
import org.dsodenet.ops.parallel.Parallel;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.dsodenet.quant.NetworkQuantizer;
import org.dsodenet.quant.Precision;
import org.dsodenet.quant.Qat;
import org.dsodenet.quant.QatOptions;
import org.dsodenet.quant.Quantizer;
import org.dsodenet.train.Adam;

/**
 * End-to-end float cost of the demo's model (dsODENet 8-16-32, 4 Euler steps, conv downsampling) on one batch of
 * the bundled MNIST images: inference, a float training step (forward, loss, backward, Adam) of the model and of
 * its folded form, and a QAT step of the folded form (fx8, fake-quantized activations), which trains the same
 * network on the same batch. Per call, after warm-up: the minimum and median wall time, and the mean CPU time
 * of the whole process (every kernel thread, GC and JIT included), which a machine shared with other work
 * disturbs far less than the wall time.
 * Run from the repository root: {@code bench/measure.sh FloatMeasure [what batch threads reps]} with what one of
 * {@code infer train folded qat all}; for a profile add
 * {@code DSODENET_JAVA_OPTS="-Xmx8g -XX:StartFlightRecording=filename=/tmp/f.jfr"}.
 */
public final class FloatMeasure {
    private FloatMeasure() {}

    public static void main(String[] a) {
        String what = a.length > 0 ? a[0] : "all";
        int batch = a.length > 1 ? Integer.parseInt(a[1]) : 64;
        int threads = a.length > 2 ? Integer.parseInt(a[2]) : Runtime.getRuntime().availableProcessors();
        int reps = a.length > 3 ? Integer.parseInt(a[3]) : 30;
        Parallel.setThreads(threads);
        Dataset data = Datasets.load("mnist").head(Math.max(batch, 256));
        ModelConfig cfg = ModelConfig.defaults(Arch.DSODENET);
        OdeNetModel model = OdeNetModel.create(cfg, 1);
        int[] idx = new int[batch];
        Arrays.setAll(idx, i -> i);
        float[] x = new float[batch * data.imageSize()];
        int[] y = new int[batch];
        data.fill(idx, 0, batch, x, y);
        Tensor in = Tensor.wrap(Shape.nchw(batch, data.channels(), data.height(), data.width()), x);
        System.out.printf(Locale.ROOT, "dsODENet %s, %d steps, batch %d, %d threads%n",
                Arrays.toString(cfg.channels()), cfg.steps(), batch, threads);
        if (what.equals("infer") || what.equals("all")) {
            // in an output scope, as Evaluator.floatModel and DomainTrainer's steps run
            report("inference", batch, time(reps, () -> Outputs.scoped(() -> {
                model.logits(in);
            })));
        }
        if (what.equals("train") || what.equals("all")) {
            Sequential net = new Sequential(java.util.List.of(model.body(), model.head()));
            report("float train step", batch, time(reps, step(net, in, y)));
        }
        Sequential folded = ModelQuantizer.fold(model);
        if (what.equals("folded") || what.equals("all")) {
            report("float train step, folded", batch, time(reps, step(org.dsodenet.quant.Folding.copy(folded), in, y)));
        }
        if (what.equals("qat") || what.equals("all")) {
            QNetwork frozen = Quantizer.quantize("m", folded, new Dims(cfg.inChannels(), cfg.inputSize(), cfg.inputSize()),
                    NetworkQuantizer.calibrate(folded, data), Precision.parse("fx8"));
            Qat qat = new Qat(folded, frozen, new QatOptions(1, batch, 1e-3, 1, true));
            report("QAT step, folded", batch, time(reps, () -> qat.step(data, idx, 1e-3)));
        }
    }

    private static Runnable step(Layer net, Tensor in, int[] y) {
        java.util.List<Param> params = net.params();
        Adam opt = new Adam(params, 1e-3);
        return () -> {
            Outputs.scoped(() -> {
                Tensor logits = net.forward(in, true);
                net.backward(SoftmaxCrossEntropy.hard(logits, y).gradLogits());
            });
            opt.step();
            opt.zeroGrad();
        };
    }

    /** Wall and process-CPU nanoseconds per call, each sorted, of the reps after {@code reps / 3 + 3} warm-ups. */
    private static long[][] time(int reps, Runnable r) {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < reps / 3 + 3; i++) {
            r.run();
        }
        long[] ns = new long[reps];
        long[] cpu = new long[reps];
        for (int i = 0; i < reps; i++) {
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            r.run();
            ns[i] = System.nanoTime() - t0;
            cpu[i] = os.getProcessCpuTime() - c0;
        }
        Arrays.sort(ns);
        Arrays.sort(cpu);
        return new long[][] {ns, cpu};
    }

    private static void report(String what, int batch, long[][] t) {
        long[] ns = t[0];
        long[] cpu = t[1];
        // the process CPU clock ticks coarsely (10 ms on Linux), so its mean over the reps, not one call, is read
        double cpuMean = Arrays.stream(cpu).average().orElse(0) / 1e6;
        System.out.printf(Locale.ROOT,
                "%-26s wall min %8.2f ms  median %8.2f ms  | CPU mean %8.2f ms (%.3f ms/image)%n", what,
                ns[0] / 1e6, ns[ns.length / 2] / 1e6, cpuMean, cpuMean / batch);
    }
}
