package org.dsodenet.ops.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.List;
import org.dsodenet.ops.act.ReLU;
import org.dsodenet.ops.conv.Conv2d;
import org.dsodenet.ops.conv.DepthwiseConv2d;
import org.dsodenet.ops.conv.PointwiseConv2d;
import org.dsodenet.ops.conv.Window;
import org.dsodenet.ops.linear.Linear;
import org.dsodenet.ops.norm.BatchNorm2d;
import org.dsodenet.ops.ode.OdeBlock;
import org.dsodenet.ops.pool.GlobalAvgPool;
import org.dsodenet.ops.testing.DistortedBackward;
import org.junit.jupiter.api.Test;

class LayerVisitorTest {
    /** A visitor that answers the name of the method a layer's accept chose. */
    @SuppressWarnings("unchecked")
    private static final LayerVisitor<String> KIND = (LayerVisitor<String>) Proxy.newProxyInstance(
            LayerVisitor.class.getClassLoader(), new Class<?>[] {LayerVisitor.class}, (proxy, m, args) -> m.getName());

    @Test
    void everyOpsLayerChoosesTheMethodOfItsKind() {
        Window w = new Window(3, 1, 1);
        List<Layer> layers = List.of(new Conv2d("c", 1, 1, w, new float[9], null),
                new DepthwiseConv2d("d", 1, w, new float[9], null), new PointwiseConv2d("p", 1, 1, new float[1], null),
                new Linear("l", 1, 1, new float[1], null), new BatchNorm2d("b", 1), new ReLU("r"),
                new GlobalAvgPool("g"), new OdeBlock("o", new ReLU(), 1, 1f, false), new Sequential(new ReLU()),
                new Residual(new ReLU()), new Flatten(), new DistortedBackward(new ReLU(), 1f, 1f));
        List<String> kinds = layers.stream().map(l -> l.accept(KIND)).toList();
        assertEquals(List.of("conv", "depthwise", "pointwise", "linear", "batchNorm", "relu", "pool", "ode",
                "sequential", "residual", "flatten", "other"), kinds);
    }
}
