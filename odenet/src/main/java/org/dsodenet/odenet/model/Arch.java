package org.dsodenet.odenet.model;

import java.util.Locale;

/** The three architectures of the dsODENet paper's comparison. */
public enum Arch {
    /** ODE blocks whose f uses depthwise-separable convolutions (depthwise 3x3 then pointwise 1x1). */
    DSODENET,
    /** ODE blocks whose f uses standard 3x3 convolutions. */
    ODENET,
    /** Like ODENET but with separate weights at every step (a residual network). */
    RESNET;

    public static Arch parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT).replace("-", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown architecture '" + s + "' (dsodenet, odenet or resnet)");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
