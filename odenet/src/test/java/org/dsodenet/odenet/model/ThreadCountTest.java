package org.dsodenet.odenet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.loss.SoftmaxCrossEntropy;
import org.dsodenet.ops.norm.BatchNorm2d;
import org.dsodenet.ops.norm.BatchNorms;
import org.dsodenet.ops.parallel.Parallel;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The demo's model (dsODENet 8-16-32, 4 Euler steps, 28×28) gives the same floats on one, two and three threads,
 * in inference (against one forward of the whole batch on one thread) and in a training step, at the batch sizes
 * the evaluation and the measurements use.
 */
class ThreadCountTest {
    private final int saved = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
    }

    /** The demo's architecture with batch norms whose running statistics are not the identity. */
    private static OdeNetModel model() {
        OdeNetModel m = OdeNetModel.create(ModelConfig.defaults(Arch.DSODENET), 7);
        SplittableRandom rng = new SplittableRandom(8);
        for (BatchNorm2d bn : BatchNorms.in(m.body())) {
            for (int c = 0; c < bn.channels(); c++) {
                bn.runningMean()[c] = (float) rng.nextDouble(-0.5, 0.5);
                bn.runningVar()[c] = (float) rng.nextDouble(0.5, 2);
            }
        }
        return m;
    }

    private static Tensor images(int n) {
        return Tensor.randn(Shape.nchw(n, 1, 28, 28), 9);
    }

    @Test
    void logitsAreTheWholeBatchsFloatsOnAnyThreadCount() {
        OdeNetModel m = model();
        for (int n : new int[] {1, 7, 20, 64}) {
            Tensor x = images(n);
            Parallel.setThreads(1);
            float[] whole = m.head().forward(m.body().forward(x, false), false).data();
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setThreads(threads);
                float[] split = Outputs.scoped(() -> m.logits(x).data().clone());
                assertArrayEquals(whole, split, n + " images on " + threads + " threads");
                assertEquals(n * 10, m.logits(x).size());
            }
        }
    }

    /** Logits, input gradient, every parameter gradient and the running statistics after one training step. */
    private static List<float[]> trainingStep(int threads) {
        Parallel.setThreads(threads);
        OdeNetModel m = model();
        Tensor x = images(20);
        int[] labels = new int[20];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10;
        }
        List<float[]> out = new ArrayList<>();
        Outputs.scoped(() -> {
            Tensor logits = m.head().forward(m.body().forward(x, true), true);
            Tensor dx = m.body().backward(m.head().backward(SoftmaxCrossEntropy.hard(logits, labels).gradLogits()));
            out.add(logits.data().clone());
            out.add(dx.data().clone());
        });
        for (Param p : m.params()) {
            out.add(p.grad().clone());
        }
        for (BatchNorm2d bn : BatchNorms.in(m.body())) {
            out.add(bn.runningMean().clone());
            out.add(bn.runningVar().clone());
        }
        return out;
    }

    @Test
    void aTrainingStepIsTheSameOnOneAndTwoThreads() {
        List<float[]> one = trainingStep(1);
        List<float[]> two = trainingStep(2);
        assertEquals(one.size(), two.size());
        for (int i = 0; i < one.size(); i++) {
            assertArrayEquals(one.get(i), two.get(i), "array " + i);
        }
    }
}
