package org.dsodenet.codegen.estimate;

/**
 * Estimated cost of one layer as the generated code builds it.
 *
 * @param name    layer name
 * @param kind    layer kind
 * @param bits    on-chip bits: parameters plus the layer's own feature-map buffers
 * @param bram18  18 Kb block RAMs (arrays too small for BRAM go to LUTRAM and count 0)
 * @param uram    UltraRAM blocks, used only when BRAM runs out on parts that have URAM
 * @param dsp     DSP slices for the multipliers that run in parallel in the pipelined loop
 * @param cycles  clock cycles per inference (for an ODE block: all steps)
 * @param ode     whether the layer belongs to the ODE part (first to last ODE block)
 */
public record LayerEstimate(String name, String kind, long bits, int bram18, int uram, int dsp, long cycles, boolean ode) {}
