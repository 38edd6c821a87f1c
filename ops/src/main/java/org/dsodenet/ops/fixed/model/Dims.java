package org.dsodenet.ops.fixed.model;

/** Per-sample feature-map dimensions (channels, height, width); a vector of F features is (F, 1, 1). */
public record Dims(int c, int h, int w) {
    public Dims {
        if (c < 1 || h < 1 || w < 1) {
            throw new IllegalArgumentException("dimensions must be positive, got " + c + "x" + h + "x" + w);
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
