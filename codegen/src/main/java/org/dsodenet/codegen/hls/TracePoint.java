package org.dsodenet.codegen.hls;

import java.util.ArrayList;
import java.util.List;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QOdeBlock;

/**
 * One array the generated top function traces: a top-level layer's output (step -1), or inside Euler step
 * {@code step} of an ODE block, the output of one of f's layers or the block's state after the update.
 */
public record TracePoint(QLayer layer, int step) {

    /**
     * The order in which the generated code traces: layers in order; for an ODE block, for each step, f's layers
     * and then the updated state. The testbench data must list the expected arrays in exactly this order.
     */
    public static List<TracePoint> order(List<QLayer> layers) {
        List<TracePoint> out = new ArrayList<>();
        for (QLayer layer : layers) {
            if (layer instanceof QOdeBlock ode) {
                for (int k = 0; k < ode.steps(); k++) {
                    for (QLayer f : ode.f()) {
                        out.add(new TracePoint(f, k));
                    }
                    out.add(new TracePoint(ode, k));
                }
            } else {
                out.add(new TracePoint(layer, -1));
            }
        }
        return out;
    }
}
