package org.dsodenet.report;

/** Estimated FPGA resources and latency of one layer. */
public record ResourceRow(String layer, int bram18, int uram, int dsp, long cycles) {
    public ResourceRow {
        Checks.nonBlank("resource layer", layer);
        Checks.count("BRAM18 of " + layer, bram18);
        Checks.count("URAM of " + layer, uram);
        Checks.count("DSP of " + layer, dsp);
        Checks.count("cycles of " + layer, cycles);
    }
}
