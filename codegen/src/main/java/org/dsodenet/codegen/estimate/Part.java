package org.dsodenet.codegen.estimate;

import java.util.List;
import java.util.Locale;

/**
 * An FPGA part with the resources the estimate compares against. Figures are the device totals from the vendor's
 * product tables (BRAM counted as 18 Kb halves).
 */
public record Part(String name, String board, String device, int bram18, int uram, int dsp, int lut) {
    public static final Part ZCU104 = new Part("xczu7ev-ffvc1156-2-e", "ZCU104", "xczu7ev", 624, 96, 1728, 230400);
    public static final Part PYNQ_Z2 = new Part("xc7z020clg400-1", "PYNQ-Z2", "xc7z020", 280, 0, 220, 53200);
    public static final Part ULTRA96 = new Part("xczu3eg-sbva484-1-e", "Ultra96", "xczu3eg", 432, 0, 360, 70560);

    public static List<Part> known() {
        return List.of(ZCU104, PYNQ_Z2, ULTRA96);
    }

    /** Finds a part by full name, device ({@code xczu7ev}) or board ({@code zcu104}). */
    public static Part parse(String s) {
        String k = s.toLowerCase(Locale.ROOT);
        for (Part p : known()) {
            if (p.name.equals(k) || p.device.equals(k) || p.board.toLowerCase(Locale.ROOT).equals(k)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown part '" + s + "'; known: "
                + String.join(", ", known().stream().map(p -> p.board + " (" + p.device + ")").toList()));
    }
}
