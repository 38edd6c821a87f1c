package org.dsodenet.quant;

import java.util.Locale;

/**
 * Bit widths for quantizing a model. Integer bits are not given: they come from the weights themselves and from
 * calibration, so every layer spends its bits where its values are. Activations round to nearest even and saturate;
 * accumulators are sized by {@code AccumulatorSizer} to never overflow, and with {@code accBits > 0} are cut to that
 * width by dropping low bits (truncation), as a designer would to save DSP and LUT width.
 *
 * @param name       label used in reports
 * @param weightBits weights (and batch-norm scale/shift)
 * @param actBits    layer outputs, the network input and logits
 * @param stateBits  ODE states
 * @param accBits    accumulator width cap, at least {@code max(weightBits, actBits)}; 0 keeps the exact accumulator
 */
public record Precision(String name, int weightBits, int actBits, int stateBits, int accBits) {
    public Precision {
        check(weightBits, "weight");
        check(actBits, "activation");
        check(stateBits, "state");
        if (accBits != 0 && (accBits < 4 || accBits > 64)) {
            throw new IllegalArgumentException("accumulator bits must be 0 (exact) or 4..64, got " + accBits);
        }
        // An accumulator narrower than one of the values it sums cannot hold even the first product.
        if (accBits != 0 && accBits < Math.max(weightBits, actBits)) {
            throw new IllegalArgumentException("accumulator cap of " + accBits + " bits is narrower than the "
                    + Math.max(weightBits, actBits) + "-bit weights or activations it sums; give at least "
                    + Math.max(weightBits, actBits) + " bits, or 0 for exact accumulators");
        }
    }

    private static void check(int bits, String what) {
        if (bits < 2 || bits > 32) {
            throw new IllegalArgumentException(what + " bits must be 2..32, got " + bits);
        }
    }

    public static final Precision FX16 = new Precision("fx16", 16, 16, 16, 0);
    public static final Precision FX8 = new Precision("fx8", 8, 8, 8, 0);
    public static final Precision MIXED = new Precision("mixed", 8, 12, 16, 0);

    /** {@code fx16}, {@code fx8}, {@code mixed}, or {@code W,A,S[,ACC]} (e.g. {@code 8,8,12,24}). */
    public static Precision parse(String s) {
        String k = s.strip().toLowerCase(Locale.ROOT);
        switch (k) {
            case "fx16":
                return FX16;
            case "fx8":
                return FX8;
            case "mixed":
                return MIXED;
            default:
                break;
        }
        String[] p = k.split(",");
        if (p.length < 3 || p.length > 4) {
            throw new IllegalArgumentException("precision must be fx16, fx8, mixed or W,A,S[,ACC], got '" + s + "'");
        }
        try {
            int acc = p.length == 4 ? Integer.parseInt(p[3].strip()) : 0;
            return new Precision("w" + p[0].strip() + "a" + p[1].strip() + "s" + p[2].strip() + (acc > 0 ? "acc" + acc : ""),
                    Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip()), Integer.parseInt(p[2].strip()), acc);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("precision must be fx16, fx8, mixed or W,A,S[,ACC], got '" + s + "'");
        }
    }
}
