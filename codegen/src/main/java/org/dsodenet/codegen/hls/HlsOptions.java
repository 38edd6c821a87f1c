package org.dsodenet.codegen.hls;

import org.dsodenet.codegen.estimate.Part;

/**
 * Choices for one generated project.
 *
 * @param top      top-function name (a C identifier)
 * @param part     target part
 * @param clockNs  clock period in nanoseconds
 * @param weights  ROM or run-time loaded weights
 * @param odeOnly  put only the ODE part (first to last ODE block) on the FPGA; the layers before and after run on
 *                 the host
 * @param force    replace an earlier export at the output directory (one holding its {@link ProjectFile}; see
 *                 {@link HlsProjectGenerator#replacePolicy})
 */
public record HlsOptions(String top, Part part, double clockNs, WeightMode weights, boolean odeOnly, boolean force) {
    public HlsOptions {
        CIdentifiers.requireTopName(top);
        if (!(clockNs > 0.5 && clockNs < 1000)) {
            throw new IllegalArgumentException("clock period must be between 0.5 and 1000 ns, got " + clockNs);
        }
    }

    public static HlsOptions defaults() {
        return new HlsOptions("dsodenet_top", Part.ZCU104, 5.0, WeightMode.RUNTIME, false, false);
    }

    public HlsOptions withForce(boolean f) {
        return new HlsOptions(top, part, clockNs, weights, odeOnly, f);
    }
}
