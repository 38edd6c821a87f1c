package org.dsodenet.ops.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.ops.act.ReLU;
import org.dsodenet.ops.conv.Conv2d;
import org.dsodenet.ops.conv.DepthwiseConv2d;
import org.dsodenet.ops.conv.PointwiseConv2d;
import org.dsodenet.ops.conv.Window;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.layer.Residual;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.linear.Linear;
import org.dsodenet.ops.loss.SoftmaxCrossEntropy;
import org.dsodenet.ops.norm.BatchNorm2d;
import org.dsodenet.ops.ode.OdeBlock;
import org.dsodenet.ops.ode.Solver;
import org.dsodenet.ops.pool.GlobalAvgPool;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Same seed, different thread counts: outputs, input gradients, parameter gradients and BN statistics agree bit for bit. */
class DeterminismTest {
    private final int saved = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
    }

    /** A small dsODENet-like network using every layer type. */
    static Layer network(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Layer f = new Sequential(new BatchNorm2d("f.bn", 9), new ReLU(),
                DepthwiseConv2d.init("f.dw", 9, new Window(3, 1, 1), true, rng),
                PointwiseConv2d.init("f.pw", 9, 8, false, rng));
        Layer g = new Sequential(DepthwiseConv2d.init("g.dw", 8, new Window(3, 1, 1), false, rng), new ReLU(),
                PointwiseConv2d.init("g.pw", 8, 8, true, rng));
        return new Sequential(
                Conv2d.init("stem", 3, 8, new Window(3, 2, 1), false, rng), new BatchNorm2d("bn", 8), new ReLU(),
                new OdeBlock("ode", f, 3, 0.25f, true),
                new OdeBlock("rk", g, Solver.RK4, 1, 0.5f, false),
                new Residual(PointwiseConv2d.init("res", 8, 8, true, rng)),
                Conv2d.init("down", 8, 12, new Window(3, 2, 1), true, rng),
                new GlobalAvgPool(), Linear.init("fc", 12, 5, true, rng));
    }

    /** Output, input gradient, every parameter gradient and running statistics, in a fixed order. */
    static List<float[]> run(int threads) {
        Parallel.setThreads(threads);
        Layer net = network(42);
        Tensor x = Tensor.randn(Shape.nchw(6, 3, 14, 14), 43);
        int[] labels = {0, 1, 2, 3, 4, 0};
        List<float[]> out = new ArrayList<>();
        for (int iter = 0; iter < 2; iter++) {
            net.zeroGrad();
            Tensor y = net.forward(x, true);
            SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.hard(y, labels);
            Tensor dx = net.backward(r.gradLogits());
            out.add(y.data());
            out.add(dx.data());
            for (Param p : net.params()) {
                out.add(p.grad().clone());
            }
        }
        for (Layer l : ((Sequential) net).layers()) {
            if (l instanceof BatchNorm2d bn) {
                out.add(bn.runningMean().clone());
                out.add(bn.runningVar().clone());
            }
        }
        out.add(net.forward(x, false).data());
        return out;
    }

    @Test
    void resultsAreBitIdenticalForAnyThreadCount() {
        List<float[]> one = run(1);
        for (int threads : new int[] {2, 3, 8}) {
            List<float[]> many = run(threads);
            assertEquals(one.size(), many.size());
            for (int i = 0; i < one.size(); i++) {
                assertArrayEquals(one.get(i), many.get(i), "array " + i + " with " + threads + " threads");
            }
        }
    }
}
