package org.dsodenet.ops.norm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.dsodenet.ops.act.ReLU;
import org.dsodenet.ops.conv.Conv2d;
import org.dsodenet.ops.conv.DepthwiseConv2d;
import org.dsodenet.ops.conv.PointwiseConv2d;
import org.dsodenet.ops.layer.Flatten;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.LayerVisitor;
import org.dsodenet.ops.layer.Residual;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.linear.Linear;
import org.dsodenet.ops.ode.OdeBlock;
import org.dsodenet.ops.pool.GlobalAvgPool;

/**
 * The batch norms of a network, found through its sequences and ODE functions (what holds running statistics, which
 * saving a model and AdaBN must reach). A residual body is not entered: no network here puts a batch norm there.
 */
public final class BatchNorms {
    private BatchNorms() {}

    /** Every batch norm of {@code root}, in forward order. */
    public static List<BatchNorm2d> in(Layer root) {
        List<BatchNorm2d> out = new ArrayList<>();
        // The rebuilt tree is dropped: the walk is what is wanted, and it is the one replace takes.
        replace(root, bn -> {
            out.add(bn);
            return bn;
        });
        return out;
    }

    /**
     * {@code root} rebuilt with every batch norm replaced by {@code by}'s layer for it; sequences and ODE blocks on
     * the way are new, every other layer is the same object. {@code root} is not modified.
     */
    public static Layer replace(Layer root, Function<BatchNorm2d, Layer> by) {
        return root.accept(new Replace(by));
    }

    private record Replace(Function<BatchNorm2d, Layer> by) implements LayerVisitor<Layer> {
        // Only sequences and ODE functions are entered; every other kind holds no batch norm and stays itself.
        @Override public Layer conv(Conv2d l) { return l; }
        @Override public Layer depthwise(DepthwiseConv2d l) { return l; }
        @Override public Layer pointwise(PointwiseConv2d l) { return l; }
        @Override public Layer linear(Linear l) { return l; }
        @Override public Layer batchNorm(BatchNorm2d l) { return by.apply(l); }
        @Override public Layer relu(ReLU l) { return l; }
        @Override public Layer pool(GlobalAvgPool l) { return l; }
        @Override public Layer residual(Residual l) { return l; }
        @Override public Layer flatten(Flatten l) { return l; }

        @Override
        public Layer sequential(Sequential l) {
            return new Sequential(l.layers().stream().map(x -> x.accept(this)).toList());
        }

        @Override
        public Layer ode(OdeBlock o) {
            return new OdeBlock(o.name(), o.f().accept(this), o.solver(), o.steps(), o.h(), o.timeChannel());
        }

        @Override
        public Layer other(Layer l) {
            return l;
        }
    }
}
