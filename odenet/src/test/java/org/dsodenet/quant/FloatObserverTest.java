package org.dsodenet.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.dsodenet.ops.act.ReLU;
import org.dsodenet.ops.conv.PointwiseConv2d;
import org.dsodenet.ops.fixed.types.Calibration;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.ode.OdeBlock;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Calibration runs the network it observes: same output, every step of every ODE layer seen. */
class FloatObserverTest {
    @Test
    void observingChangesNoValueAndSeesEveryStep() {
        qt().withExamples(20).forAll(longs().all(), booleans().all()).checkAssert((seed, time) -> {
            SplittableRandom rng = new SplittableRandom(seed);
            int cin = 2 + (time ? 1 : 0);
            Sequential f = new Sequential(PointwiseConv2d.init("f.pw", cin, 2, true, rng), new ReLU("f.relu"));
            int steps = 1 + rng.nextInt(4);
            Sequential net = new Sequential(new OdeBlock("ode", f, steps, 0.25f, time), new ReLU("out"));
            Tensor x = Tensor.randn(Shape.nchw(2, 2, 3, 3), seed ^ 1);
            Calibration cal = new Calibration();
            Tensor y = FloatObserver.run(net, x, cal);
            assertArrayEquals(net.forward(x, false).data(), y.data(), 0f);
            int values = x.size();
            assertEquals((long) steps * values, cal.range("ode").count());
            assertEquals((long) steps * values, cal.range("f.relu").count());
            assertEquals(values, cal.range("out").count());
        });
    }
}
