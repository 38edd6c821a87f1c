package org.dsodenet.fixedpoint.tensor;

import java.math.BigInteger;
import java.util.Arrays;
import org.dsodenet.fixedpoint.Caster;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.WideFx;

/**
 * An immutable tensor of fixed-point values: a shape, one element type, and raw values stored in the narrowest Java
 * array that holds W bits ({@code byte} up to 8 bits, {@code short} to 16, {@code int} to 32, {@code long} to 64,
 * {@code BigInteger} beyond). It carries the counts of the conversion that produced it, so a user can see how many
 * values were rounded, saturated or wrapped.
 */
public final class FixedTensor {
    private final int[] shape;
    private final FixedType type;
    private final RawStore store;
    private final FixedStats stats;

    private FixedTensor(int[] shape, FixedType type, RawStore store, FixedStats stats) {
        this.shape = shape;
        this.type = type;
        this.store = store;
        this.stats = stats;
    }

    /** Quantizes doubles into {@code type} (assignment semantics); NaN or infinity is an error. */
    public static FixedTensor quantize(double[] values, int[] shape, FixedType type) {
        int[] s = checkShape(shape, values.length);
        FixedStats stats = new FixedStats();
        RawStore store = RawStore.allocate(type, values.length);
        if (type.isFast()) {
            Caster c = Caster.of(type, type);
            for (int i = 0; i < values.length; i++) {
                store.set(i, c.applyDouble(checkFinite(values[i], i), stats));
            }
        } else {
            for (int i = 0; i < values.length; i++) {
                store.setBig(i, WideFx.fromDouble(checkFinite(values[i], i), type, stats));
            }
        }
        return new FixedTensor(s, type, store, stats);
    }

    /** Quantizes floats into {@code type}; NaN or infinity is an error. */
    public static FixedTensor quantize(float[] values, int[] shape, FixedType type) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return quantize(d, shape, type);
    }

    /** Wraps raw values (W ≤ 64) that must already be in range of {@code type}. */
    public static FixedTensor ofRaw(long[] raws, int[] shape, FixedType type) {
        int[] s = checkShape(shape, raws.length);
        if (!type.isFast()) {
            throw new IllegalArgumentException(type + " is wider than 64 bits: use ofRaw(BigInteger[], ...)");
        }
        RawStore store = RawStore.allocate(type, raws.length);
        for (int i = 0; i < raws.length; i++) {
            WideFx.requireInRange(Fx.toBig(raws[i], type), type);
            store.set(i, raws[i]);
        }
        return new FixedTensor(s, type, store, new FixedStats());
    }

    /** Wraps raw values of any width that must already be in range of {@code type}. */
    public static FixedTensor ofRaw(BigInteger[] raws, int[] shape, FixedType type) {
        int[] s = checkShape(shape, raws.length);
        RawStore store = RawStore.allocate(type, raws.length);
        for (int i = 0; i < raws.length; i++) {
            WideFx.requireInRange(raws[i], type);
            store.setBig(i, raws[i]);
        }
        return new FixedTensor(s, type, store, new FixedStats());
    }

    /** This tensor converted into another type, with the counts of that conversion. */
    public FixedTensor cast(FixedType to) {
        FixedStats s = new FixedStats();
        RawStore out = RawStore.allocate(to, size());
        if (type.isFast() && to.isFast()) {
            Caster c = Caster.of(type, to);
            for (int i = 0; i < size(); i++) {
                out.set(i, c.apply(store.get(i), s));
            }
        } else {
            for (int i = 0; i < size(); i++) {
                out.setBig(i, WideFx.cast(store.getBig(i), type, to, s));
            }
        }
        return new FixedTensor(shape, to, out, s);
    }

    /** Values as doubles (rounded to nearest even where a value needs more than 53 bits). */
    public double[] dequantize() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = type.isFast() ? Fx.toDouble(store.get(i), type) : WideFx.toDouble(store.getBig(i), type);
        }
        return out;
    }

    /** Values as floats. */
    public float[] toFloat() {
        double[] d = dequantize();
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    /** Raw value at a flat (row-major) index; W ≤ 64. */
    public long raw(int index) {
        if (!type.isFast()) {
            throw new IllegalStateException(type + " is wider than 64 bits: use rawBig");
        }
        return store.get(checkIndex(index));
    }

    /** Raw value at a flat index as a BigInteger (numeric reading), any width. */
    public BigInteger rawBig(int index) {
        return store.getBig(checkIndex(index));
    }

    /** A copy of all raw values; W ≤ 64. */
    public long[] raws() {
        long[] out = new long[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = raw(i);
        }
        return out;
    }

    public int[] shape() {
        return shape.clone();
    }

    public FixedType type() {
        return type;
    }

    /** Number of elements. */
    public int size() {
        return store.size();
    }

    /** Counts of the conversion that produced this tensor (a copy). */
    public FixedStats stats() {
        return stats.copy();
    }

    /** The Java array type holding the raws, for tests and memory accounting: byte, short, int, long or BigInteger. */
    public String storage() {
        return store.kind();
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("index " + index + " is outside a tensor of " + size() + " values");
        }
        return index;
    }

    private static double checkFinite(double v, int i) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("value " + i + " is " + v + ": fixed-point types hold no NaN or infinity");
        }
        return v;
    }

    private static int[] checkShape(int[] shape, int length) {
        long n = 1;
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a non-positive dimension");
            }
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, got " + length);
        }
        return shape.clone();
    }
}
