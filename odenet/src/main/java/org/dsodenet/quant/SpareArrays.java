package org.dsodenet.quant;

import java.util.ArrayDeque;

/**
 * Float arrays whose values are no longer needed (a training forward's outputs once its backward has run), handed
 * out again instead of new ones. Spares of another size (another batch) are dropped when met. Not thread-safe: one
 * per layer, as the layers themselves are.
 */
final class SpareArrays {
    private final ArrayDeque<float[]> spare = new ArrayDeque<>();

    /** A spare array of {@code n} values, or a new one. */
    float[] take(int n) {
        while (!spare.isEmpty()) {
            float[] a = spare.pop();
            if (a.length == n) {
                return a;
            }
        }
        return new float[n];
    }

    /** Gives an array back: its values will be overwritten. */
    void give(float[] a) {
        spare.push(a);
    }

    void clear() {
        spare.clear();
    }
}
