package org.dsodenet.codegen.hls;

/** Where the weights come from on the FPGA. */
public enum WeightMode {
    /** Baked into the bitstream as ROM and copied once into the on-chip buffers. */
    ROM,
    /** Loaded at run time over AXI into the on-chip buffers, so a re-adapted model needs no new bitstream. */
    RUNTIME;

    public static WeightMode parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "rom" -> ROM;
            case "runtime" -> RUNTIME;
            default -> throw new IllegalArgumentException("weights must be 'rom' or 'runtime', got '" + s + "'");
        };
    }
}
