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
import org.junit.jupiter.api.Test;

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

    @Test
    void eulerBackwardOfASmoothFunctionMatchesFiniteDifferences() {
        qt().withExamples(scaled(30))
                .forAll(integers().between(1, 2), integers().between(1, 3), integers().between(1, 4),
                longs().all()).checkAssert((n, c, steps, seed) -> check(Solver.EULER, steps, 0.25f, n, c, seed, false,
                        null));
    }

    @Test
    void rk4BackwardOfASmoothFunctionMatchesFiniteDifferences() {
        qt().withExamples(scaled(20))
                .forAll(integers().between(1, 2), integers().between(1, 3), integers().between(1, 3),
                longs().all()).checkAssert((n, c, steps, seed) -> check(Solver.RK4, steps, 0.3f, n, c, seed, false,
                        null));
    }

    @Test
    void eulerBackwardWithReluMatchesFiniteDifferences() {
        KinkBudget budget = new KinkBudget();
        qt().withExamples(scaled(30))
                .forAll(integers().between(1, 2), integers().between(1, 3), integers().between(1, 4),
                longs().all()).checkAssert((n, c, steps, seed) -> check(Solver.EULER, steps, 0.25f, n, c, seed, true,
                        budget));
        budget.assertBelow(0.1);
    }

    @Test
    void rk4BackwardWithReluMatchesFiniteDifferences() {
        KinkBudget budget = new KinkBudget();
        qt().withExamples(scaled(20))
                .forAll(integers().between(1, 2), integers().between(1, 3), integers().between(1, 3),
                longs().all()).checkAssert((n, c, steps, seed) -> check(Solver.RK4, steps, 0.3f, n, c, seed, true,
                        budget));
        budget.assertBelow(0.1);
    }
}
