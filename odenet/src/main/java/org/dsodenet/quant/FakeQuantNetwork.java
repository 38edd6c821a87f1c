package org.dsodenet.quant;

import java.util.ArrayList;
import java.util.List;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QOdeBlock;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.ode.OdeBlock;

/**
 * The float network the backward pass of quantization-aware training runs through: the layers of the folded
 * network (shared, so their parameters receive the gradients), each followed by a {@link FakeQuant} to the output
 * type its quantized twin has, and every Euler block replaced by a {@link FakeQuantEuler} that rounds the state
 * where the fixed-point block does.
 */
final class FakeQuantNetwork {
    private FakeQuantNetwork() {}

    static Sequential build(Sequential folded, QNetwork frozen) {
        return new Sequential(build(folded.layers(), frozen.layers()));
    }

    private static List<Layer> build(List<Layer> layers, List<QLayer> qs) {
        if (layers.size() != qs.size()) {
            throw new IllegalArgumentException("float and quantized networks differ in layer count");
        }
        List<Layer> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            QLayer q = qs.get(i);
            if (!l.name().equals(q.name())) {
                throw new IllegalArgumentException("float layer " + l.name() + " stands where quantized layer "
                        + q.name() + " is");
            }
            if (l instanceof OdeBlock o && q instanceof QOdeBlock b) {
                Sequential f = new Sequential(build(((Sequential) o.f()).layers(), b.f()));
                out.add(new FakeQuantEuler(o.name(), f, o.steps(), o.h(), o.timeChannel(), b.stateType()));
            } else {
                out.add(l);
                out.add(new FakeQuant(q.name() + ".fq", q.outputType()));
            }
        }
        return out;
    }
}
