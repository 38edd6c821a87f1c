package org.dsodenet.adapt;

/** Log-softmax of one row of logits in double, shared by the adaptation losses. */
final class Softmax {
    private Softmax() {}

    /** {@code out[j] = log softmax(z[off .. off + k))_j}; a non-finite logit is refused, naming its sample. */
    static void log(float[] z, int off, int k, double[] out, int row) {
        log(z, off, k, 1, out, "", row);
    }

    /**
     * {@code out[j] = log softmax(z[off .. off + k) / t)_j}; a non-finite logit is refused, naming whose logit
     * ({@code who}, may be empty) and its sample.
     */
    static void log(float[] z, int off, int k, double t, double[] out, String who, int row) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            float v = z[off + j];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException((who.isEmpty() ? "" : who + " ") + "logit " + j + " of sample "
                        + row + " is " + v);
            }
            out[j] = v / t;
            max = Math.max(max, out[j]);
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
            sum += Math.exp(out[j] - max);
        }
        double lse = max + Math.log(sum);
        for (int j = 0; j < k; j++) {
            out[j] -= lse;
        }
    }
}
