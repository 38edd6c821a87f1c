package org.dsodenet.ops.ode;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.ops.act.ReLU;
import org.dsodenet.ops.conv.DepthwiseConv2d;
import org.dsodenet.ops.conv.PointwiseConv2d;
import org.dsodenet.ops.conv.Window;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.norm.BatchNorm2d;
import org.dsodenet.ops.testing.GradCheck;
import org.dsodenet.ops.testing.KinkBudget;
import org.dsodenet.ops.testing.Rand;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Backward through the unrolled Euler and RK4 steps, shared weights included, against finite differences. */
class OdeGradientTest {
    /**
     * dsODENet-style f: (BN,) ReLU, depthwise 3x3, pointwise back to {@code c} channels; input c (+1 with time).
     * Without {@code relu} f is smooth, so no finite difference can straddle a kink.
     */
    static Layer odeFunction(int c, boolean time, boolean withNorm, boolean relu, long seed) {
        int in = time ? c + 1 : c;
        SplittableRandom rng = new SplittableRandom(seed);
        List<Layer> layers = new ArrayList<>();
        if (withNorm) {
            layers.add(new BatchNorm2d("bn", in));
        }
        if (relu) {
            layers.add(new ReLU());
        }
        layers.add(DepthwiseConv2d.init("dw", in, new Window(3, 1, 1), true, rng));
        layers.add(PointwiseConv2d.init("pw", in, c, true, rng));
        Layer f = new Sequential(layers);
        Rand.params(f, rng, 0.5);
        Rand.normGains(f, rng);
        return f;
    }

    static void check(Solver solver, int steps, float h, int n, int c, long seed, boolean relu, KinkBudget budget) {
        boolean time = (seed & 1) == 0;
        boolean norm = (seed & 2) == 0;
        OdeBlock block = new OdeBlock("ode", odeFunction(c, time, norm, relu, seed), solver, steps, h, time);
        Tensor x = Tensor.randn(Shape.nchw(n, c, 3, 3), seed + 1);
        if (relu) {
            budget.add(GradCheck.withKinks().check(block, x, seed + 2));
        } else {
            GradCheck.standard().check(block, x, seed + 2);
        }
    }

    /**
     * Smooth functions must match the finite differences everywhere; with ReLU a difference may straddle a kink, so
     * only a budget of such examples may miss. RK4 takes fewer examples and steps (four evaluations of f per step).
     */
    @ParameterizedTest(name = "{0}, relu {4}")
    @CsvSource({"EULER, 4, 0.25, 30, false", "RK4, 3, 0.3, 20, false", "EULER, 4, 0.25, 30, true",
        "RK4, 3, 0.3, 20, true"})
    void backwardMatchesFiniteDifferences(Solver solver, int maxSteps, float h, int examples, boolean relu) {
        KinkBudget budget = relu ? new KinkBudget() : null;
        qt().withExamples(scaled(examples))
                .forAll(integers().between(1, 2), integers().between(1, 3), integers().between(1, maxSteps),
                longs().all()).checkAssert((n, c, steps, seed) -> check(solver, steps, h, n, c, seed, relu, budget));
        if (relu) {
            budget.assertBelow(0.1);
        }
    }
}
