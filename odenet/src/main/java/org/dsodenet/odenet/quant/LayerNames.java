package org.dsodenet.odenet.quant;

import org.dsodenet.ops.act.ReLU;
import org.dsodenet.ops.conv.Conv2d;
import org.dsodenet.ops.conv.DepthwiseConv2d;
import org.dsodenet.ops.conv.PointwiseConv2d;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.linear.Linear;
import org.dsodenet.ops.ode.OdeBlock;
import org.dsodenet.ops.pool.GlobalAvgPool;

/** The name of a float layer, which the quantized layer made from it keeps. */
final class LayerNames {
    private LayerNames() {}

    static String of(Layer l) {
        if (l instanceof Conv2d c) {
            return c.name();
        } else if (l instanceof DepthwiseConv2d c) {
            return c.name();
        } else if (l instanceof PointwiseConv2d c) {
            return c.name();
        } else if (l instanceof ReLU r) {
            return r.name();
        } else if (l instanceof GlobalAvgPool g) {
            return g.name();
        } else if (l instanceof Linear f) {
            return f.name();
        } else if (l instanceof ChannelAffine a) {
            return a.name();
        } else if (l instanceof OdeBlock o) {
            return o.name();
        }
        throw new IllegalArgumentException("layer " + l.getClass().getSimpleName() + " has no quantized form");
    }
}
