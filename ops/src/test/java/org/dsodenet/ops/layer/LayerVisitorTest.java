package org.dsodenet.ops.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    /** Answers the name of the method a layer's accept chose. */
    private static final class Kind implements LayerVisitor<String> {
        @Override public String conv(Conv2d l) { return "conv"; }
        @Override public String depthwise(DepthwiseConv2d l) { return "depthwise"; }
        @Override public String pointwise(PointwiseConv2d l) { return "pointwise"; }
        @Override public String linear(Linear l) { return "linear"; }
        @Override public String batchNorm(BatchNorm2d l) { return "batchNorm"; }
        @Override public String relu(ReLU l) { return "relu"; }
        @Override public String pool(GlobalAvgPool l) { return "pool"; }
        @Override public String ode(OdeBlock l) { return "ode"; }
        @Override public String sequential(Sequential l) { return "sequential"; }
        @Override public String residual(Residual l) { return "residual"; }
        @Override public String flatten(Flatten l) { return "flatten"; }
        @Override public String other(Layer l) { return "other"; }
    }

    @Test
    void everyOpsLayerChoosesTheMethodOfItsKind() {
        Window w = new Window(3, 1, 1);
        List<Layer> layers = List.of(new Conv2d("c", 1, 1, w, new float[9], null),
                new DepthwiseConv2d("d", 1, w, new float[9], null), new PointwiseConv2d("p", 1, 1, new float[1], null),
                new Linear("l", 1, 1, new float[1], null), new BatchNorm2d("b", 1), new ReLU("r"),
                new GlobalAvgPool("g"), new OdeBlock("o", new ReLU(), 1, 1f, false), new Sequential(new ReLU()),
                new Residual(new ReLU()), new Flatten(), new DistortedBackward(new ReLU(), 1f, 1f));
        List<String> kinds = layers.stream().map(l -> l.accept(new Kind())).toList();
        assertEquals(List.of("conv", "depthwise", "pointwise", "linear", "batchNorm", "relu", "pool", "ode",
                "sequential", "residual", "flatten", "other"), kinds);
    }
}
