package org.dsodenet.ops.tensor;

import java.util.Arrays;

/**
 * Dimensions of a tensor, outermost first. Feature maps are NCHW (rank 4); vectors per sample are (N, F) (rank 2).
 * Every dimension is at least 1 and the element count must fit in an {@code int}, because data lives in one
 * {@code float[]}.
 */
public record Shape(int[] dims) {
    public Shape {
        if (dims == null || dims.length == 0) {
            throw new IllegalArgumentException("a shape needs at least one dimension");
        }
        dims = dims.clone();
        long size = 1;
        for (int d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("dimensions must be positive, got " + Arrays.toString(dims));
            }
            size *= d;
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has too many elements");
            }
        }
    }

    /** A shape from its dimensions, outermost first. */
    public static Shape of(int... dims) {
        return new Shape(dims);
    }

    /** NCHW feature-map shape. */
    public static Shape nchw(int n, int c, int h, int w) {
        return new Shape(new int[] {n, c, h, w});
    }

    /** A copy of the dimensions (the record keeps its own). */
    @Override
    public int[] dims() {
        return dims.clone();
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int axis) {
        return dims[axis];
    }

    /** Number of elements. */
    public int size() {
        int s = 1;
        for (int d : dims) {
            s *= d;
        }
        return s;
    }

    /** Batch size: the first dimension. */
    public int n() {
        return dims[0];
    }

    /** Channels of an NCHW shape. */
    public int c() {
        requireRank4();
        return dims[1];
    }

    /** Height of an NCHW shape. */
    public int h() {
        requireRank4();
        return dims[2];
    }

    /** Width of an NCHW shape. */
    public int w() {
        requireRank4();
        return dims[3];
    }

    /** Elements per sample: the product of all dimensions but the first. */
    public int perSample() {
        return size() / dims[0];
    }

    /** The same shape with a different first dimension. */
    public Shape withN(int n) {
        int[] d = dims.clone();
        d[0] = n;
        return new Shape(d);
    }

    /** Throws unless this is an NCHW shape. */
    public Shape requireRank4() {
        if (dims.length != 4) {
            throw new IllegalArgumentException("expected an NCHW shape, got " + this);
        }
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        return sb.append(')').toString();
    }
}
