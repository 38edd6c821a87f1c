package org.dsodenet.odenet.model;

import java.util.Locale;

/** How the stride-2 transition between stages is built. */
public enum Downsample {
    /** Standard 3x3 convolution with stride 2, batch norm and ReLU. */
    CONV,
    /** Depthwise 3x3 with stride 2, then pointwise 1x1, batch norm and ReLU. */
    DSCONV;

    public static Downsample parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown downsampling '" + s + "' (conv or dsconv)");
        }
    }
}
