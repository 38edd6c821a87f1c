package org.dsodenet.ops.testing;

import org.dsodenet.ops.fixed.model.QBatchNorm;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QGlobalAvgPool;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QLayerVisitor;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QOdeBlock;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.dsodenet.ops.fixed.model.QRelu;

/** One line per random network for failure messages: geometry and every type, so a failing case can be rebuilt. */
public final class NetworkDescription {
    private NetworkDescription() {}

    public static String of(QNetwork net) {
        StringBuilder sb = new StringBuilder(net.input() + " " + net.inputType());
        for (QLayer l : net.layers()) {
            sb.append(" | ").append(of(l));
        }
        return sb.toString();
    }

    public static String of(QLayer layer) {
        return layer.accept(new QLayerVisitor<String>() {
            @Override
            public String conv(QConv2d c) {
                return c.name() + " k" + c.k() + " s" + c.stride() + " p" + c.pad() + " " + c.types();
            }

            @Override
            public String depthwise(QDepthwiseConv2d c) {
                return c.name() + " k" + c.k() + " s" + c.stride() + " p" + c.pad() + " " + c.types();
            }

            @Override
            public String pointwise(QPointwiseConv2d c) {
                return c.name() + " " + c.types();
            }

            @Override
            public String linear(QLinear c) {
                return c.name() + " " + c.types();
            }

            @Override
            public String batchNorm(QBatchNorm b) {
                return b.name() + " " + b.scaleType() + " " + b.shiftType() + " -> " + b.outputType();
            }

            @Override
            public String relu(QRelu r) {
                return r.name() + " -> " + r.outputType();
            }

            @Override
            public String pool(QGlobalAvgPool p) {
                return p.name() + " acc " + p.accType() + " recip " + p.recipType() + " -> " + p.outputType();
            }

            @Override
            public String ode(QOdeBlock o) {
                StringBuilder sb = new StringBuilder(o.name() + " steps " + o.steps() + " h " + o.hType() + ":"
                        + o.hRaw() + " state " + o.stateType() + (o.timeChannel() ? " +t" : "") + " [");
                for (QLayer f : o.f()) {
                    sb.append(of(f)).append("; ");
                }
                return sb.append("]").toString();
            }
        });
    }
}
