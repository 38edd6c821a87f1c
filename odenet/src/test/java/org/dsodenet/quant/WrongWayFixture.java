package org.dsodenet.quant;

import org.dsodenet.odenet.model.OdeNetModel;

/** Quantization that knows dsODENet: a dependency against the pipeline, for {@code ArchitectureTest} to catch. */
final class WrongWayFixture {
    private WrongWayFixture() {}

    static String name() {
        return OdeNetModel.class.getName();
    }
}
