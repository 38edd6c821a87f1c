package org.dsodenet.adapt;

/** Log-softmax of one row of logits in double, shared by the target-side losses. */
final class Softmax {
    private Softmax() {}

    /** {@code out[j] = log softmax(z[off .. off + k))_j}; a non-finite logit is refused, naming its sample. */
    static void log(float[] z, int off, int k, double[] out, int row) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            float v = z[off + j];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("logit " + j + " of sample " + row + " is " + v);
            }
            out[j] = v;
            max = Math.max(max, v);
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
