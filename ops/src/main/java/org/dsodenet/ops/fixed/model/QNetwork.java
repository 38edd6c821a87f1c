package org.dsodenet.ops.fixed.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dsodenet.fixedpoint.FixedType;

/**
 * A quantized network: input dimensions and type, then layers applied in order. Construction checks that every
 * layer fits its input and that layer names are unique (including the layers inside ODE blocks).
 */
public record QNetwork(String name, Dims input, FixedType inputType, List<QLayer> layers) {
    public QNetwork {
        Checks.name(name);
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException(name + ": the network has no layers");
        }
        Set<String> seen = new HashSet<>();
        for (QLayer layer : flatten(layers)) {
            if (!seen.add(layer.name())) {
                throw new IllegalArgumentException(name + ": duplicate layer name '" + layer.name() + "'");
            }
        }
        Dims d = input;
        for (QLayer layer : layers) {
            d = layer.outputDims(d);
        }
    }

    /** Dimensions after each top-level layer, in order. */
    public List<Dims> dims() {
        List<Dims> out = new ArrayList<>();
        Dims d = input;
        for (QLayer layer : layers) {
            d = layer.outputDims(d);
            out.add(d);
        }
        return out;
    }

    /** Output dimensions of the whole network. */
    public Dims outputDims() {
        return dims().get(layers.size() - 1);
    }

    /** Every layer, with the layers of ODE functions listed after their block, depth first. */
    public static List<QLayer> flatten(List<QLayer> layers) {
        List<QLayer> out = new ArrayList<>();
        for (QLayer layer : layers) {
            out.add(layer);
            if (layer instanceof QOdeBlock ode) {
                out.addAll(flatten(ode.f()));
            }
        }
        return out;
    }
}
