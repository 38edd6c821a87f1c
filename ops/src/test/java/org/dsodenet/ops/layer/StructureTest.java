package org.dsodenet.ops.layer;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.ops.act.ReLU;
import org.dsodenet.ops.conv.Conv2d;
import org.dsodenet.ops.conv.DepthwiseConv2d;
import org.dsodenet.ops.conv.PointwiseConv2d;
import org.dsodenet.ops.conv.Window;
import org.dsodenet.ops.norm.BatchNorm2d;
import org.dsodenet.ops.testing.GradCheck;
import org.dsodenet.ops.testing.KinkBudget;
import org.dsodenet.ops.testing.Rand;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StructureTest {
    /** A depthwise-separable block as used in dsODENet: BN, ReLU, depthwise 3x3, pointwise. */
    static Sequential separable(int c, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Sequential s = new Sequential(new BatchNorm2d("bn", c), new ReLU(),
                DepthwiseConv2d.init("dw", c, new Window(3, 1, 1), true, rng),
                PointwiseConv2d.init("pw", c, c, true, rng));
        Rand.params(s, rng, 0.5);
        Rand.normGains(s, rng);
        return s;
    }

    @ParameterizedTest(name = "residual {0}")
    @ValueSource(booleans = {false, true})
    void backwardMatchesFiniteDifferences(boolean residual) {
        KinkBudget budget = new KinkBudget();
        qt().withExamples(scaled(30))
                .forAll(integers().between(1, 2), integers().between(1, 3), integers().between(2, 5),
                longs().all()).checkAssert((n, c, hw, seed) -> {
                    Layer block = residual ? new Residual(separable(c, seed)) : separable(c, seed);
                    budget.add(GradCheck.withKinks().check(block, Tensor.randn(Shape.nchw(n, c, hw, hw), seed + 1),
                            seed + 2));
                });
        budget.assertBelow(0.1);
    }

    @Test
    void paramsAreCollectedInLayerOrder() {
        Sequential s = separable(2, 1);
        List<String> names = s.params().stream().map(Param::name).toList();
        assertEquals(List.of("bn.gamma", "bn.beta", "dw.weight", "dw.bias", "pw.weight", "pw.bias"), names);
    }

    @Test
    void repeatedTrainingForwardsAreUndoneInReverseOrder() {
        Conv2d conv = Conv2d.init("c", 2, 3, new Window(3, 2, 1), true, new SplittableRandom(3));
        Tensor x1 = Tensor.randn(Shape.nchw(2, 2, 5, 5), 4);
        Tensor x2 = Tensor.randn(Shape.nchw(2, 2, 5, 5), 5);
        Tensor g1 = Tensor.randn(Shape.nchw(2, 3, 3, 3), 6);
        Tensor g2 = Tensor.randn(Shape.nchw(2, 3, 3, 3), 7);
        conv.forward(x1, true);
        Tensor dx1Alone = conv.backward(g1);
        conv.forward(x2, true);
        Tensor dx2Alone = conv.backward(g2);
        conv.forward(x1, true);
        conv.forward(x2, true);
        assertArrayEquals(dx2Alone.data(), conv.backward(g2).data());
        assertArrayEquals(dx1Alone.data(), conv.backward(g1).data());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> conv.backward(g1));
        assertEquals("c: backward without a matching forward(x, training=true)", e.getMessage());
    }

    @Test
    void inferenceRecordsNothingAndClearCacheDropsState() {
        PointwiseConv2d pw = PointwiseConv2d.init("pw", 2, 2, false, new SplittableRandom(1));
        Tensor x = Tensor.randn(Shape.nchw(1, 2, 2, 2), 2);
        pw.forward(x, false);
        assertThrows(IllegalStateException.class, () -> pw.backward(x));
        pw.forward(x, true);
        pw.clearCache();
        assertThrows(IllegalStateException.class, () -> pw.backward(x));
    }

    @Test
    void parameterGradientsAccumulateUntilZeroed() {
        PointwiseConv2d pw = PointwiseConv2d.init("pw", 2, 2, true, new SplittableRandom(1));
        Tensor x = Tensor.randn(Shape.nchw(2, 2, 3, 3), 2);
        Tensor g = Tensor.randn(Shape.nchw(2, 2, 3, 3), 3);
        pw.forward(x, true);
        pw.backward(g);
        float[] once = pw.weight().grad().clone();
        pw.forward(x, true);
        pw.backward(g);
        for (int i = 0; i < once.length; i++) {
            assertEquals(2 * once[i], pw.weight().grad()[i], 1e-6 * (1 + Math.abs(once[i])));
        }
        pw.zeroGrad();
        assertArrayEquals(new float[once.length], pw.weight().grad());
    }

    @Test
    void addAndFlatten() {
        Tensor a = Tensor.of(Shape.of(1, 3), 1, 2, 3);
        Tensor b = Tensor.of(Shape.of(1, 3), 10, 20, 30);
        assertArrayEquals(new float[] {11, 22, 33}, Add.apply(a, b).data());
        assertThrows(IllegalArgumentException.class, () -> Add.apply(a, Tensor.zeros(1, 4)));
        Flatten f = new Flatten();
        Tensor y = f.forward(Tensor.randn(Shape.nchw(2, 3, 2, 2), 1), true);
        assertEquals(Shape.of(2, 12), y.shape());
        assertEquals(Shape.nchw(2, 3, 2, 2), f.backward(y).shape());
    }
}
