package org.dsodenet.bench;

import org.openjdk.jmh.annotations.Param;

/**
 * The parameters the layer benchmarks share, which JMH reads from this superclass: which dsODENet convolution, at
 * which of its feature-map sizes, so that float and fixed-point numbers line up row for row.
 */
public abstract class LayerShapes extends JmhDefaults {
    /** Layer kind: depthwise 3×3 (pad 1), pointwise, standard 3×3 (pad 1); channels in = out. */
    @Param({"dw3x3", "pw", "conv3x3"})
    public String layer;

    /** Channels × height (= width): dsODENet's three stages. */
    @Param({"16x28", "32x14", "64x7"})
    public String shape;

    int channels() {
        return Integer.parseInt(shape.split("x")[0]);
    }

    int hw() {
        return Integer.parseInt(shape.split("x")[1]);
    }
}
