package org.dsodenet.ops.fixed;

import java.util.List;
import org.dsodenet.fixedpoint.FixedStats;

/** The layer-by-layer result of running a quantized network on one sample; the last layer is the output. */
public record Trace(List<LayerTrace> layers) {
    public Trace {
        layers = List.copyOf(layers);
    }

    /** The network's output. */
    public LayerTrace output() {
        return layers.get(layers.size() - 1);
    }

    /** The top-level layer with the given name. */
    public LayerTrace layer(String name) {
        for (LayerTrace l : layers) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("no top-level layer named '" + name + "'");
    }

    /** Every conversion of the whole forward. */
    public FixedStats stats() {
        FixedStats s = new FixedStats();
        for (LayerTrace l : layers) {
            s.add(l.stats());
        }
        return s;
    }
}
