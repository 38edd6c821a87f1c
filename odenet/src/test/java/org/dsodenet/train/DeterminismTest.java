package org.dsodenet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dsodenet.ops.act.ReLU;
import org.dsodenet.ops.conv.Conv2d;
import org.dsodenet.ops.conv.DepthwiseConv2d;
import org.dsodenet.ops.conv.PointwiseConv2d;
import org.dsodenet.ops.conv.Window;
import org.dsodenet.ops.layer.Flatten;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.linear.Linear;
import org.dsodenet.ops.loss.SoftmaxCrossEntropy;
import org.dsodenet.ops.norm.BatchNorm2d;
import org.dsodenet.ops.ode.OdeBlock;
import org.dsodenet.ops.parallel.Parallel;
import org.dsodenet.ops.pool.GlobalAvgPool;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package-level determinism claim on a small ODE network trained with the pieces of this package: the same seed
 * gives bit-identical weights and batch-norm statistics for 1, 2 and 3 kernel threads, and an interrupted run
 * resumed from a checkpoint ends bit-identical to an uninterrupted one.
 */
class DeterminismTest {
    private static final int SAMPLES = 32;
    private static final int BATCH = 8;
    private static final int EPOCHS = 2;
    private static final int ITERS = SAMPLES / BATCH;
    private static final long SEED = 2024;

    @TempDir
    Path dir;

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    private static final class Net {
        final BatchNorm2d bn0 = new BatchNorm2d("bn0", 4);
        final BatchNorm2d bn1 = new BatchNorm2d("ode.bn", 4);
        final Sequential layers;

        Net() {
            SplittableRandom init = Seeds.rng(SEED, Seeds.INIT);
            Sequential f = new Sequential(DepthwiseConv2d.init("ode.dw", 4, new Window(3, 1, 1), false, init), bn1,
                    new ReLU(), PointwiseConv2d.init("ode.pw", 4, 4, true, init));
            layers = new Sequential(Conv2d.init("stem", 3, 4, new Window(3, 1, 1), false, init), bn0, new ReLU(),
                    new OdeBlock("ode", f, 2, 0.5f, false), new GlobalAvgPool(), new Flatten(),
                    Linear.init("fc", 4, 3, true, init));
        }

        /** Parameters plus batch-norm running statistics: everything that changes while training. */
        List<Param> tensors() {
            List<Param> t = new ArrayList<>(layers.params());
            for (BatchNorm2d bn : List.of(bn0, bn1)) {
                t.add(Checkpoint.buffer(bn.name() + ".running_mean", bn.runningMean()));
                t.add(Checkpoint.buffer(bn.name() + ".running_var", bn.runningVar()));
            }
            return t;
        }
    }

    /** Synthetic data: the label is the channel with the largest mean, plus noise. */
    private static Tensor images() {
        return Tensor.randn(Shape.nchw(SAMPLES, 3, 6, 6), SEED);
    }

    private static int[] labels(Tensor x) {
        int[] y = new int[SAMPLES];
        for (int n = 0; n < SAMPLES; n++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < 3; c++) {
                double s = 0;
                for (int i = 0; i < 36; i++) {
                    s += x.data()[(n * 3 + c) * 36 + i];
                }
                if (s > best) {
                    best = s;
                    y[n] = c;
                }
            }
        }
        return y;
    }

    /** Runs global steps [from, to); returns the loss of every step. */
    private static double[] train(Net net, Optimizer opt, int from, int to) {
        Tensor x = images();
        int[] y = labels(x);
        LrSchedule schedule = LrSchedule.cosine(0.1, 0.001, 0.5, EPOCHS);
        int per = 3 * 36;
        double[] losses = new double[to - from];
        for (int s = from; s < to; s++) {
            int epoch = s / ITERS;
            int it = s % ITERS;
            int[] idx = Batches.batch(Batches.order(SEED, epoch, SAMPLES), it, BATCH);
            float[] xb = new float[BATCH * per];
            int[] yb = new int[BATCH];
            for (int b = 0; b < BATCH; b++) {
                System.arraycopy(x.data(), idx[b] * per, xb, b * per, per);
                yb[b] = y[idx[b]];
            }
            opt.zeroGrad();
            Tensor logits = net.layers.forward(Tensor.wrap(Shape.nchw(BATCH, 3, 6, 6), xb), true);
            SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.hard(logits, yb);
            net.layers.backward(r.gradLogits());
            Gradients.clipGlobalNorm(opt.params(), 5);
            opt.setLr(schedule.lr(epoch, it, ITERS));
            opt.step();
            losses[s - from] = r.loss();
        }
        return losses;
    }

    private static int[] bits(List<Param> ps) {
        int size = ps.stream().mapToInt(Param::size).sum();
        int[] out = new int[size];
        int k = 0;
        for (Param p : ps) {
            for (float v : p.value()) {
                out[k++] = Float.floatToRawIntBits(v);
            }
        }
        return out;
    }

    private static Optimizer optimizer(Net net) {
        return new Sgd(net.layers.params(), 0.1, 0.9, true, WeightDecay.l2(5e-4));
    }

    @Test
    void sameSeedSameBitsForAnyThreadCount() {
        int[] reference = null;
        for (int threads : new int[] {1, 2, 3}) {
            Parallel.setThreads(threads);
            Net net = new Net();
            double[] losses = train(net, optimizer(net), 0, EPOCHS * ITERS);
            assertTrue(losses[losses.length - 1] < losses[0], "training must reduce the loss");
            int[] b = bits(net.tensors());
            if (reference == null) {
                reference = b;
            } else {
                assertArrayEquals(reference, b, threads + " threads");
            }
        }
    }

    @Test
    void resumedRunEqualsUninterruptedRun() {
        Net straight = new Net();
        train(straight, optimizer(straight), 0, EPOCHS * ITERS);

        Net first = new Net();
        Optimizer o1 = optimizer(first);
        train(first, o1, 0, 3);
        Path f = dir.resolve("run.ckpt");
        Checkpoint.save(f, first.tensors(), new TrainingState(3 / ITERS, 3 % ITERS, SEED, o1.state(),
                Map.of("model", "tiny")));

        Net resumed = new Net();
        train(resumed, optimizer(resumed), 0, 1); // disturb every tensor so the load has to restore them
        Optimizer o2 = optimizer(resumed);
        TrainingState st = Checkpoint.load(f, resumed.tensors());
        o2.loadState(st.optimizer());
        train(resumed, o2, st.epoch() * ITERS + st.iteration(), EPOCHS * ITERS);
        assertArrayEquals(bits(straight.tensors()), bits(resumed.tensors()));
    }
}
