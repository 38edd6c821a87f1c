package org.dsodenet.bench.measure;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.ops.parallel.Parallel;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.dsodenet.quant.FakeQuant;

/**
 * The fake quantization of one activation tensor in a QAT step's float pass, alone: {@link FakeQuant}'s training
 * forward and straight-through backward on the largest tensor of the demo's model at batch 64 (8@28×28), values
 * drawn as {@code N(0, 3)}, the type signed W bits with I integer bits. One kernel thread, so that the thread CPU time
 * per call is the whole cost; median and minimum of 60 calls after 100 warm-ups. A value that saturates makes its
 * chunk's backward a masked copy, as it would in training.
 * Run from the repository root:
 * {@code DSODENET_JAVA_OPTS="-Xms2g -Xmx2g -XX:+AlwaysPreTouch" bench/measure.sh FakeQuantMeasure [W I]} (default
 * 16 6). The heap is touched in advance because a growing heap hands out fresh pages, whose first write costs more
 * than the rounding itself (about 4.7 ms a call instead of 0.2 here).
 */
public final class FakeQuantMeasure {
    private static final int REPS = 60;

    private FakeQuantMeasure() {}

    public static void main(String[] a) {
        FixedType t = FixedType.signed(a.length > 0 ? Integer.parseInt(a[0]) : 16, a.length > 1 ? Integer.parseInt(a[1]) : 6);
        Parallel.setThreads(1);
        Shape s = Shape.nchw(64, 8, 28, 28);
        SplittableRandom rng = new SplittableRandom(1);
        float[] x = new float[s.size()];
        float[] g = new float[x.length];
        int saturating = 0;
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextGaussian() * 3);
            g[i] = (float) rng.nextGaussian();
            saturating += x[i] < t.minValue() || x[i] > t.maxValue() ? 1 : 0;
        }
        FakeQuant fq = new FakeQuant("fq", t);
        for (int i = 0; i < 100; i++) {
            fq.forward(Tensor.wrap(s, x), true);
            fq.backward(Tensor.wrap(s, g));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] forward = new long[REPS];
        long[] backward = new long[REPS];
        for (int i = 0; i < REPS; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            fq.forward(Tensor.wrap(s, x), true);
            long c1 = threads.getCurrentThreadCpuTime();
            fq.backward(Tensor.wrap(s, g));
            forward[i] = c1 - c0;
            backward[i] = threads.getCurrentThreadCpuTime() - c1;
        }
        Arrays.sort(forward);
        Arrays.sort(backward);
        System.out.printf(Locale.ROOT, "%s, %d values (%d saturate), one thread, thread CPU per call:%n", t, x.length,
                saturating);
        System.out.printf(Locale.ROOT, "forward  median %.3f ms  min %.3f ms%nbackward median %.3f ms  min %.3f ms%n",
                forward[REPS / 2] / 1e6, forward[0] / 1e6, backward[REPS / 2] / 1e6, backward[0] / 1e6);
    }
}
