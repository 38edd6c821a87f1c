package org.dsodenet.data.transform;

/**
 * One axis of a separable resize: for each output coordinate, the first input index and the normalised weights of a
 * triangle (bilinear) filter. Pixel i covers [i, i+1), so centres sit at i + 0.5 on both sides ("half-pixel"
 * alignment). When shrinking, the triangle widens by the scale factor so every input pixel contributes (area-like
 * averaging instead of sampling, which would alias: MNIST strokes would vanish at 8×8). Taps beyond the border are
 * dropped and the rest renormalised, which equals clamping to the edge for enlargement.
 */
final class Resampler {
    final int in;
    final int out;
    final int taps;
    final int[] start;
    final double[] weights;

    Resampler(int in, int out) {
        this.in = in;
        this.out = out;
        double scale = (double) in / out;
        double support = Math.max(scale, 1.0);
        int maxTaps = (int) Math.ceil(2 * support) + 2;
        int[] st = new int[out];
        double[] w = new double[out * maxTaps];
        for (int o = 0; o < out; o++) {
            double centre = (o + 0.5) * scale;
            int lo = Math.max(0, (int) Math.floor(centre - support - 0.5));
            int hi = Math.min(in - 1, (int) Math.ceil(centre + support - 0.5));
            double sum = 0;
            for (int i = lo; i <= hi; i++) {
                double t = 1 - Math.abs((i + 0.5 - centre) / support);
                double v = t > 0 ? t : 0;
                w[o * maxTaps + (i - lo)] = v;
                sum += v;
            }
            for (int k = 0; k <= hi - lo; k++) {
                w[o * maxTaps + k] /= sum;
            }
            st[o] = lo;
        }
        this.taps = maxTaps;
        this.start = st;
        this.weights = w;
    }

    /**
     * Resamples {@code count} lines of {@code in} values, {@code stride} apart in {@code src} (element step {@code step}),
     * into {@code dst} with the same layout parameters for {@code out} values. Accumulates in double, so a constant
     * line stays exactly constant.
     */
    void apply(float[] src, int srcOff, int srcLine, int srcStep, float[] dst, int dstOff, int dstLine, int dstStep,
            int count) {
        for (int l = 0; l < count; l++) {
            int s0 = srcOff + l * srcLine;
            int d0 = dstOff + l * dstLine;
            for (int o = 0; o < out; o++) {
                int lo = start[o];
                int wi = o * taps;
                double acc = 0;
                for (int k = 0; k < taps && lo + k < in; k++) {
                    double wk = weights[wi + k];
                    if (wk != 0) {
                        acc += wk * src[s0 + (lo + k) * srcStep];
                    }
                }
                dst[d0 + o * dstStep] = (float) acc;
            }
        }
    }
}
