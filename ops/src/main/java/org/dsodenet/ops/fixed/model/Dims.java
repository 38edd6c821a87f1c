package org.dsodenet.ops.fixed.model;

/** Per-sample feature-map dimensions (channels, height, width); a vector of F features is (F, 1, 1). */
public record Dims(int c, int h, int w) {
    /** The most values one sample may have: its index must fit an {@code int}, as arrays are indexed by int. */
    public static final int MAX_SIZE = Integer.MAX_VALUE - 8;

    public Dims {
        if (c < 1 || h < 1 || w < 1) {
            throw new IllegalArgumentException("dimensions must be positive, got " + c + "x" + h + "x" + w);
        }
        long size = (long) c * h * w;
        if (size > MAX_SIZE) {
            throw new IllegalArgumentException("a sample of " + c + "x" + h + "x" + w + " has " + size
                    + " values, more than " + MAX_SIZE);
        }
    }

    /** Number of values in one sample. */
    public int size() {
        return c * h * w;
    }

    @Override
    public String toString() {
        return c + "x" + h + "x" + w;
    }
}
