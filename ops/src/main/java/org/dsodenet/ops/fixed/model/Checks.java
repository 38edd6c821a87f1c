package org.dsodenet.ops.fixed.model;

import org.dsodenet.fixedpoint.FixedType;

/** Argument checks shared by the layer records, so every bad model fails with the same kind of message. */
final class Checks {
    private Checks() {}

    static void name(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("layer name must not be empty");
        }
    }

    /** {@code expected} is a long so that products of sizes read from a file cannot wrap around. */
    static void length(String layer, String what, long[] values, long expected) {
        if (values == null || values.length != expected) {
            throw new IllegalArgumentException(layer + ": " + what + " has " + (values == null ? "no" : values.length)
                    + " values, expected " + expected);
        }
    }

    /** Raw values must be in range of their type, as loaded from a model file they could be anything. */
    static void raws(String layer, String what, long[] values, FixedType type) {
        if (values == null) {
            return;
        }
        long min = type.minRaw();
        long max = type.maxRaw();
        for (int i = 0; i < values.length; i++) {
            long v = values[i];
            // A 64-bit type accepts every long; narrower raws must lie inside [minRaw, maxRaw].
            if (type.width() < 64 && (v < min || v > max)) {
                throw new IllegalArgumentException(layer + ": " + what + "[" + i + "] raw " + v + " is out of range of " + type);
            }
        }
    }

    static void positive(String layer, String what, int size) {
        if (size < 1) {
            throw new IllegalArgumentException(layer + ": " + what + " must be at least 1, got " + size);
        }
    }

    static void channels(String layer, Dims in, int expected) {
        if (in.c() != expected) {
            throw new IllegalArgumentException(layer + ": input has " + in.c() + " channels, expected " + expected);
        }
    }

    static int outSize(String layer, int size, int k, int stride, int pad) {
        int out = (size + 2 * pad - k) / stride + 1;
        if (size + 2 * pad < k || out < 1) {
            throw new IllegalArgumentException(layer + ": kernel " + k + " does not fit input size " + size
                    + " with padding " + pad);
        }
        return out;
    }

    static void geometry(String layer, int k, int stride, int pad) {
        if (k < 1 || stride < 1 || pad < 0 || pad >= k) {
            throw new IllegalArgumentException(layer + ": invalid kernel " + k + ", stride " + stride + ", padding " + pad);
        }
    }
}
