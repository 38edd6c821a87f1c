package org.dsodenet.ops.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.dsodenet.ops.act.ReLU;
import org.dsodenet.ops.conv.DepthwiseConv2d;
import org.dsodenet.ops.conv.PointwiseConv2d;
import org.dsodenet.ops.conv.Window;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.loss.SoftmaxCrossEntropy;
import org.dsodenet.ops.norm.BatchNorm2d;
import org.dsodenet.ops.ode.OdeBlock;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Training steps and Euler backward in output scopes, whose arrays are reused from step to step and poisoned with
 * NaN when they return to the pool, give the same floats as steps that allocate every output: no array is handed
 * out again while a tensor on it is still in use, and no layer reads an output array before writing it.
 */
class OutputScopeTest {
    private final int saved = Parallel.threads();

    @AfterEach
    void restore() {
        Outputs.setPoison(false);
        Parallel.setThreads(saved);
    }

    /** What a run leaves: per step the loss, output, input gradient and parameter gradients; then weights and BN. */
    private record Run(List<float[]> values, List<float[]> inputGrads) {}

    /**
     * Three SGD steps (so each step runs on the weights the previous one changed), then an inference forward;
     * everything a step computed is copied out before its scope closes.
     */
    private static Run train(Layer net, Tensor x, int[] labels, boolean scoped) {
        List<float[]> values = new ArrayList<>();
        List<float[]> inputGrads = new ArrayList<>();
        for (int step = 0; step < 3; step++) {
            net.zeroGrad();
            Supplier<float[]> body = () -> {
                Tensor y = net.forward(x, true);
                SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.hard(y, labels);
                Tensor dx = net.backward(r.gradLogits());
                inputGrads.add(dx.data());
                values.add(new float[] {(float) r.loss()});
                values.add(y.data().clone());
                return dx.data().clone();
            };
            values.add(scoped ? Outputs.scoped(body) : body.get());
            for (Param p : net.params()) {
                values.add(p.grad().clone());
                float[] w = p.value();
                for (int i = 0; i < w.length; i++) {
                    w[i] -= 0.05f * p.grad()[i];
                }
            }
        }
        Supplier<float[]> infer = () -> net.forward(x, false).data().clone();
        values.add(scoped ? Outputs.scoped(infer) : infer.get());
        for (Param p : net.params()) {
            values.add(p.value().clone());
        }
        for (Layer l : ((Sequential) net).layers()) {
            if (l instanceof BatchNorm2d bn) {
                values.add(bn.runningMean().clone());
                values.add(bn.runningVar().clone());
            }
        }
        return new Run(values, inputGrads);
    }

    private static void assertSameFloats(Run expected, Run actual) {
        assertEquals(expected.values().size(), actual.values().size());
        for (int i = 0; i < expected.values().size(); i++) {
            assertArrayEquals(expected.values().get(i), actual.values().get(i), "value " + i);
        }
    }

    @Test
    void trainingStepsInScopesGiveTheSameFloats() {
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            Tensor x = Tensor.randn(Shape.nchw(6, 3, 14, 14), 43);
            int[] labels = {0, 1, 2, 3, 4, 0};
            Run plain = train(DeterminismTest.network(42), x, labels, false);
            Outputs.setPoison(true);
            Run scoped = train(DeterminismTest.network(42), x, labels, true);
            Outputs.setPoison(false);
            assertSameFloats(plain, scoped);
            // the strided stem's input gradient is taken from the pool: the second step got the first one's array
            assertNotSame(plain.inputGrads().get(0), plain.inputGrads().get(1));
            assertSame(scoped.inputGrads().get(0), scoped.inputGrads().get(1));
        }
    }

    /** An Euler block alone (time channel, state kept across steps, f's backward on one scaled array). */
    private static Layer euler(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Layer f = new Sequential(new BatchNorm2d("f.bn", 5), new ReLU(),
                DepthwiseConv2d.init("f.dw", 5, new Window(3, 1, 1), true, rng),
                PointwiseConv2d.init("f.pw", 5, 4, false, rng), new ReLU(),
                DepthwiseConv2d.init("f.dw2", 4, new Window(3, 1, 1), false, rng));
        return new Sequential(new OdeBlock("ode", f, 4, 0.25f, true),
                new org.dsodenet.ops.pool.GlobalAvgPool(),
                org.dsodenet.ops.linear.Linear.init("fc", 4, 3, true, rng));
    }

    @Test
    void eulerBackwardInScopesGivesTheSameFloats() {
        Tensor x = Tensor.randn(Shape.nchw(5, 4, 9, 9), 7);
        int[] labels = {0, 1, 2, 1, 0};
        Run plain = train(euler(3), x, labels, false);
        Outputs.setPoison(true);
        Run scoped = train(euler(3), x, labels, true);
        Outputs.setPoison(false);
        assertSameFloats(plain, scoped);
        assertSame(scoped.inputGrads().get(0), scoped.inputGrads().get(2));
    }
}
