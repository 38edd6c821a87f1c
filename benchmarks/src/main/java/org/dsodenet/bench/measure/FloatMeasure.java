package org.dsodenet.bench.measure;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.Datasets;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.odenet.quant.ModelQuantizer;
import org.dsodenet.ops.fixed.FixedForward;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.parallel.Parallel;
import org.dsodenet.ops.tensor.Tensor;
import org.dsodenet.quant.NetworkQuantizer;
import org.dsodenet.quant.Precision;
import org.dsodenet.quant.Qat;
import org.dsodenet.quant.QatOptions;
import org.dsodenet.quant.Quantizer;

/**
 * End-to-end float cost of the demo's model (dsODENet 8-16-32, 4 Euler steps, conv downsampling) on one batch of
 * the bundled MNIST images: inference, a float training step (forward, loss, backward, Adam) of the model and of
 * its folded form, and a QAT step of the folded form (fx8, fake-quantized activations), which trains the same
 * network on the same batch. Per call, after warm-up: the minimum and median wall time, and the mean (on Linux also
 * the median and the minimum, the least disturbed call) CPU time of the whole process (every kernel thread, GC and JIT included, {@link ProcessCpu}), which a
 * machine shared with other work disturbs less than the wall time, and the median heap bytes a call allocated
 * ({@link ProcessAlloc}), which it does not disturb at all.
 * Run from the repository root: {@code bench/measure.sh FloatMeasure [what batch threads reps precision]} with what
 * one of {@code infer train folded qat all ratio plan} and precision the QAT step's (default fx8). {@code ratio} is
 * issue 11's QAT target: the folded float step and the QAT step alternate in blocks of {@value #BLOCK} calls, so
 * both see the same machine, and the QAT step's CPU and wall time are given as multiples of the float step's.
 * {@code plan} is the planning a QAT step pays before its bit-exact forward: after each of {@code reps} QAT steps
 * from a fresh JVM, the thread CPU of building the forward of the step's network ({@code new FixedForward}), the
 * first builds included (a QAT run of one epoch makes a few dozen).
 * For a profile add {@code DSODENET_JAVA_OPTS="-Xmx8g -XX:StartFlightRecording=filename=/tmp/f.jfr"}.
 */
public final class FloatMeasure {
    /** Calls of one kind in a row in {@code ratio}: long enough that a collection mostly lands in its own block. */
    private static final int BLOCK = 5;

    private FloatMeasure() {}

    public static void main(String[] a) {
        String what = a.length > 0 ? a[0] : "all";
        int batch = a.length > 1 ? Integer.parseInt(a[1]) : 64;
        int threads = a.length > 2 ? Integer.parseInt(a[2]) : Runtime.getRuntime().availableProcessors();
        int reps = a.length > 3 ? Integer.parseInt(a[3]) : 30;
        String precision = a.length > 4 ? a[4] : "fx8";
        Parallel.setThreads(threads);
        Dataset data = Datasets.load("mnist").head(Math.max(batch, 256));
        ModelConfig cfg = ModelConfig.defaults(Arch.DSODENET);
        OdeNetModel model = OdeNetModel.create(cfg, 1);
        FloatTrainStep.Images images = FloatTrainStep.Images.first(data, batch);
        int[] idx = images.idx();
        int[] y = images.y();
        Tensor in = images.in();
        System.out.printf(Locale.ROOT, "dsODENet %s, %d steps, batch %d, %d threads, QAT at %s%n",
                Arrays.toString(cfg.channels()), cfg.steps(), batch, threads, precision);
        if (what.equals("infer") || what.equals("all")) {
            // in an output scope, as Evaluator.floatModel and DomainTrainer's steps run
            report("inference", batch, time(reps, () -> Outputs.scoped(() -> {
                model.logits(in);
            })));
        }
        if (what.equals("train") || what.equals("all")) {
            Sequential net = new Sequential(java.util.List.of(model.body(), model.head()));
            report("float train step", batch, time(reps, FloatTrainStep.step(net, in, y)));
        }
        Sequential folded = ModelQuantizer.fold(model);
        if (what.equals("folded") || what.equals("all")) {
            report("float train step, folded", batch,
                    time(reps, FloatTrainStep.step(org.dsodenet.quant.Folding.copy(folded), in, y)));
        }
        if (what.equals("qat") || what.equals("all") || what.equals("ratio") || what.equals("plan")) {
            QNetwork frozen = Quantizer.quantize("m", folded, new Dims(cfg.inChannels(), cfg.inputSize(), cfg.inputSize()),
                    NetworkQuantizer.calibrate(folded, data), Precision.parse(precision));
            Qat qat = new Qat(folded, frozen, new QatOptions(1, batch, 1e-3, 1, true));
            Runnable qatStep = () -> qat.step(data, idx, 1e-3);
            if (what.equals("plan")) {
                plan(qat, data, idx, reps, precision);
            } else if (what.equals("ratio")) {
                long[][][] t = alternate(reps, FloatTrainStep.step(org.dsodenet.quant.Folding.copy(folded), in, y),
                        qatStep);
                report("float train step, folded", batch, t[0]);
                report("QAT step, folded", batch, t[1]);
                System.out.printf(Locale.ROOT, "QAT step / float step: CPU mean %.2fx%s, wall median %.2fx%n",
                        cpuMean(t[1]) / cpuMean(t[0]), ProcessCpu.fine()
                                ? String.format(Locale.ROOT, ", CPU median %.2fx, CPU min %.2fx",
                                        cpuMedian(t[1]) / cpuMedian(t[0]), t[1][1][0] / (double) t[0][1][0])
                                : "", median(t[1]) / median(t[0]));
            } else {
                report("QAT step, folded", batch, time(reps, qatStep));
            }
        }
    }

    /** Thread CPU of {@code new FixedForward} of the network after each of {@code reps} QAT steps, in call order. */
    private static void plan(Qat qat, Dataset data, int[] idx, int reps, String precision) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] t = new long[reps];
        for (int i = 0; i < reps; i++) {
            qat.step(data, idx, 1e-3);
            QNetwork net = qat.current();
            long c0 = mx.getCurrentThreadCpuTime();
            new FixedForward(net);
            t[i] = mx.getCurrentThreadCpuTime() - c0;
        }
        double mean = Arrays.stream(t).average().orElse(0) / 1e6;
        double firstTen = Arrays.stream(t, 0, Math.min(10, reps)).average().orElse(0) / 1e6;
        Arrays.sort(t);
        System.out.printf(Locale.ROOT, "plan of the %s QAT network, thread CPU per build over %d steps: mean %.3f ms "
                + "(first 10: %.3f ms), median %.3f ms, min %.3f ms%n", precision, reps, mean, firstTen,
                t[reps / 2] / 1e6, t[0] / 1e6);
    }


    /**
     * Wall and process-CPU nanoseconds and allocated bytes per call, each sorted, of the reps after
     * {@code reps / 3 + 3} warm-ups.
     */
    private static long[][] time(int reps, Runnable r) {
        for (int i = 0; i < reps / 3 + 3; i++) {
            r.run();
        }
        long[][] t = new long[3][reps];
        for (int i = 0; i < reps; i++) {
            record(t, i, r);
        }
        for (long[] v : t) {
            Arrays.sort(v);
        }
        return t;
    }

    /**
     * {@link #time} of two calls whose cost is compared: after both warmed up, blocks of {@value #BLOCK} calls of
     * {@code a} and of {@code b} alternate until each has made {@code reps} (rounded up to whole blocks).
     */
    private static long[][][] alternate(int reps, Runnable a, Runnable b) {
        for (int i = 0; i < reps / 3 + 3; i++) {
            a.run();
            b.run();
        }
        int blocks = (reps + BLOCK - 1) / BLOCK;
        long[][] ta = new long[3][blocks * BLOCK];
        long[][] tb = new long[3][blocks * BLOCK];
        for (int k = 0; k < blocks; k++) {
            for (int i = 0; i < BLOCK; i++) {
                record(ta, k * BLOCK + i, a);
            }
            for (int i = 0; i < BLOCK; i++) {
                record(tb, k * BLOCK + i, b);
            }
        }
        for (long[] v : ta) {
            Arrays.sort(v);
        }
        for (long[] v : tb) {
            Arrays.sort(v);
        }
        return new long[][][] {ta, tb};
    }

    /**
     * One call of {@code r}: its wall time into {@code t[0][i]}, the process CPU time it took into {@code t[1][i]},
     * the bytes it allocated into {@code t[2][i]}.
     */
    private static void record(long[][] t, int i, Runnable r) {
        long a0 = ProcessAlloc.bytes();
        long c0 = ProcessCpu.nanos();
        long t0 = System.nanoTime();
        r.run();
        t[0][i] = System.nanoTime() - t0;
        t[1][i] = ProcessCpu.nanos() - c0;
        t[2][i] = ProcessAlloc.bytes() - a0;
    }

    /** Milliseconds: the mean process CPU time per call. */
    private static double cpuMean(long[][] t) {
        return Arrays.stream(t[1]).average().orElse(0) / 1e6;
    }

    /** Milliseconds: the median process CPU time per call, which other work on the machine disturbs less. */
    private static double cpuMedian(long[][] t) {
        return t[1][t[1].length / 2] / 1e6;
    }

    /** Milliseconds: the median wall time per call. */
    private static double median(long[][] t) {
        return t[0][t[0].length / 2] / 1e6;
    }

    private static void report(String what, int batch, long[][] t) {
        double cpuMean = cpuMean(t);
        System.out.printf(Locale.ROOT,
                "%-26s wall min %8.2f ms  median %8.2f ms  | CPU mean %8.2f ms (%.3f ms/image)%s  | allocated "
                        + "median %7.2f MB%n", what,
                t[0][0] / 1e6, median(t), cpuMean, cpuMean / batch,
                ProcessCpu.fine() ? String.format(Locale.ROOT, "  median %8.2f ms  min %8.2f ms", cpuMedian(t),
                        t[1][0] / 1e6) : "", t[2][t[2].length / 2] / 1e6);
    }
}
