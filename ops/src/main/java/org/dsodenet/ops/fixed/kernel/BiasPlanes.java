package org.dsodenet.ops.fixed.kernel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One thread's bias planes ({@link FloatBatchConv#fillBiases}) for the layers of the forward it runs. A QAT step
 * builds a new forward every step, and each of its float-plane layers used to allocate its plane anew (≈ 1.5 MB per
 * step at the demo's sizes); here the arrays stay with the thread and the next forward's layers refill them.
 *
 * <p>A plane is keyed by the layer object that filled it, never by its position or shape: another forward's layer of
 * the same shape has other biases (its weights changed), so it never finds a plane it did not fill. Not
 * thread-safe: one per thread, as {@link Scratch} is.
 */
final class BiasPlanes {
    /** A reusable array and how many of its values the current layer filled. */
    private static final class Plane {
        float[] values = new float[0];
        int filled;
    }

    private final Map<FloatBatchConv, Plane> planes = new IdentityHashMap<>();
    /** The planes of {@code planes} in the order their layers first asked. */
    private final List<Plane> inUse = new ArrayList<>();
    /**
     * Planes of earlier forwards, in that order: the next forward's layers ask in the same order, for the same
     * sizes, so each gets an array that fits it.
     */
    private final ArrayDeque<Plane> spare = new ArrayDeque<>();

    /** At least n bias terms of the layer in the group's NCHW order, filled by it on its first use. */
    float[] of(FloatBatchConv layer, int n) {
        Plane p = planes.get(layer);
        if (p == null) {
            p = spare.isEmpty() ? new Plane() : spare.poll();
            p.filled = 0;
            planes.put(layer, p);
            inUse.add(p);
        }
        if (p.filled < n) {
            if (p.values.length < n) {
                p.values = new float[n];
            }
            layer.fillBiases(p.values, n);
            p.filled = n;
        }
        return p.values;
    }

    /** Forgets every layer (the thread moves on to another forward), keeping the arrays for the next ones. */
    void release() {
        spare.addAll(inUse);
        inUse.clear();
        planes.clear();
    }
}
