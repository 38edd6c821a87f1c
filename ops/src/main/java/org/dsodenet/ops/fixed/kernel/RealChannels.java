package org.dsodenet.ops.fixed.kernel;

/**
 * The output channels of a multiply-accumulate layer that the count-free forward runs on {@link FloatTaps}
 * ({@code floats}) or else on {@link DoubleTaps} ({@code doubles}), with their unaligned weights in that type (the
 * others stay 0, never read) and, per weight, where its tap reads the {@link TapLayout}.
 */
record RealChannels(TapLayout layout, int[] offsets, boolean[] floats, float[] floatWeights, boolean[] doubles,
                    double[] doubleWeights) {

    /** The plan, or null when no channel qualifies. */
    static RealChannels of(TapLayout layout, boolean depthwise, int cin, int k, long[] weights, boolean[] floats,
                           boolean[] doubles) {
        int cout = floats.length;
        int per = weights.length / cout;
        boolean anyFloat = false;
        boolean anyDouble = false;
        float[] fw = new float[weights.length];
        double[] dw = new double[weights.length];
        int[] offsets = new int[weights.length];
        for (int oc = 0; oc < cout; oc++) {
            anyFloat |= floats[oc];
            anyDouble |= doubles[oc];
            for (int t = 0; t < per; t++) {
                int i = oc * per + t;
                int ic = depthwise ? oc : t / (k * k);
                int tap = t % (k * k);
                offsets[i] = layout.offset(ic, tap / k, tap % k);
                fw[i] = floats[oc] ? weights[i] : 0f;
                dw[i] = doubles[oc] ? weights[i] : 0d;
            }
        }
        if (!anyFloat && !anyDouble) {
            return null;
        }
        return new RealChannels(layout, offsets, floats, anyFloat ? fw : null, doubles, anyDouble ? dw : null);
    }

    /** Whether every channel is a float or a double channel. */
    boolean all() {
        for (int oc = 0; oc < floats.length; oc++) {
            if (!floats[oc] && !doubles[oc]) {
                return false;
            }
        }
        return true;
    }

    boolean anyFloat() {
        return floatWeights != null;
    }

    boolean anyDouble() {
        return doubleWeights != null;
    }
}
