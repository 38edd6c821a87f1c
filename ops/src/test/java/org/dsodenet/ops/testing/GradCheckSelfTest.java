package org.dsodenet.ops.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.dsodenet.ops.act.ReLU;
import org.dsodenet.ops.conv.PointwiseConv2d;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The gradient checker must be able to fail: a backward that is off by a few percent is caught. */
class GradCheckSelfTest {
    @Test
    void catchesSmallErrorsInInputAndParameterGradients() {
        Tensor x = Tensor.randn(Shape.nchw(2, 3, 3, 3), 1);
        Layer good = PointwiseConv2d.init("pw", 3, 2, true, new SplittableRandom(2));
        GradCheck.standard().check(good, x, 3);
        assertThrows(AssertionFailedError.class,
                () -> GradCheck.standard().check(new DistortedBackward(good, 1.03f, 1f), x, 3));
        assertThrows(AssertionFailedError.class,
                () -> GradCheck.standard().check(new DistortedBackward(good, 1f, 0.97f), x, 3));
    }

    @Test
    void kinkToleranceDoesNotExcuseAWrongBackward() {
        SplittableRandom rng = new SplittableRandom(5);
        Layer net = new Sequential(PointwiseConv2d.init("a", 3, 4, true, rng), new ReLU(),
                PointwiseConv2d.init("b", 4, 2, true, rng));
        Tensor x = Tensor.randn(Shape.nchw(2, 3, 3, 3), 6);
        GradCheck.withKinks().check(net, x, 7);
        assertThrows(AssertionFailedError.class,
                () -> GradCheck.withKinks().check(new DistortedBackward(net, 1.03f, 1f), x, 7));
        assertThrows(AssertionFailedError.class,
                () -> GradCheck.withKinks().check(new DistortedBackward(net, 1f, 1.03f), x, 7));
    }
}
