package org.dsodenet.ops.tensor;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A dense float32 tensor: a {@link Shape} and a row-major {@code float[]} (NCHW for feature maps).
 * The array is exposed through {@link #data()} so kernels can run on it directly; layers never modify the tensors
 * they are given, they return new ones.
 */
public final class Tensor {
    private final Shape shape;
    private final float[] data;

    private Tensor(Shape shape, float[] data) {
        this.shape = shape;
        this.data = data;
    }

    /** A tensor of zeros. */
    public static Tensor zeros(Shape shape) {
        return new Tensor(shape, new float[shape.size()]);
    }

    /** A tensor of zeros with the given dimensions. */
    public static Tensor zeros(int... dims) {
        return zeros(Shape.of(dims));
    }

    /** A tensor holding a copy of {@code values}, which must have exactly {@code shape.size()} elements. */
    public static Tensor of(Shape shape, float... values) {
        return wrap(shape, values.clone());
    }

    /** A tensor backed by {@code values} itself (no copy), which must have exactly {@code shape.size()} elements. */
    public static Tensor wrap(Shape shape, float[] values) {
        if (values == null || values.length != shape.size()) {
            throw new IllegalArgumentException("shape " + shape + " needs " + shape.size() + " values, got "
                    + (values == null ? "none" : values.length));
        }
        return new Tensor(shape, values);
    }

    /** Independent normal samples with mean 0 and standard deviation {@code std}, drawn in index order. */
    public static Tensor randn(Shape shape, RandomGenerator rng, double std) {
        float[] d = new float[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (rng.nextGaussian() * std);
        }
        return new Tensor(shape, d);
    }

    /** Standard normal samples from a {@link SplittableRandom} with the given seed. */
    public static Tensor randn(Shape shape, long seed) {
        return randn(shape, new SplittableRandom(seed), 1.0);
    }

    public Shape shape() {
        return shape;
    }

    /** The backing array (not a copy). */
    public float[] data() {
        return data;
    }

    public int size() {
        return data.length;
    }

    /** Element at a full index (one coordinate per dimension). */
    public float get(int... index) {
        return data[offset(index)];
    }

    /** Element of an NCHW tensor. */
    public float get(int n, int c, int h, int w) {
        return data[offset(n, c, h, w)];
    }

    public void set(float value, int... index) {
        data[offset(index)] = value;
    }

    /** Sets an element of an NCHW tensor. */
    public void set(int n, int c, int h, int w, float value) {
        data[offset(n, c, h, w)] = value;
    }

    /** A deep copy. */
    public Tensor copy() {
        return new Tensor(shape, data.clone());
    }

    /** The same data seen with another shape of equal size (shares the array). */
    public Tensor reshape(Shape newShape) {
        if (newShape.size() != shape.size()) {
            throw new IllegalArgumentException("cannot reshape " + shape + " to " + newShape);
        }
        return new Tensor(newShape, data);
    }

    /** Throws unless this tensor has the given shape; {@code what} names it in the message. */
    public Tensor requireShape(Shape expected, String what) {
        if (!shape.equals(expected)) {
            throw new IllegalArgumentException(what + " has shape " + shape + ", expected " + expected);
        }
        return this;
    }

    private int offset(int n, int c, int h, int w) {
        shape.requireRank4();
        int d1 = shape.dim(1);
        int d2 = shape.dim(2);
        int d3 = shape.dim(3);
        if (n < 0 || n >= shape.dim(0) || c < 0 || c >= d1 || h < 0 || h >= d2 || w < 0 || w >= d3) {
            throw new IndexOutOfBoundsException("index (" + n + ", " + c + ", " + h + ", " + w + ") outside " + shape);
        }
        return ((n * d1 + c) * d2 + h) * d3 + w;
    }

    private int offset(int[] index) {
        int rank = shape.rank();
        if (index.length != rank) {
            throw new IllegalArgumentException("index has " + index.length + " coordinates, shape " + shape + " has "
                    + rank);
        }
        int off = 0;
        for (int i = 0; i < rank; i++) {
            int d = shape.dim(i);
            if (index[i] < 0 || index[i] >= d) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside " + shape);
            }
            off = off * d + index[i];
        }
        return off;
    }

    @Override
    public String toString() {
        return "Tensor" + shape;
    }
}
