package org.dsodenet.quant;

import java.util.Arrays;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.parallel.Parallel;

/**
 * The fake quantization of one activation type, planned once: a float rounded to nearest even and saturated into
 * the type (the ap_fixed cast {@code Fx.fromDouble} with AP_RND_CONV, AP_SAT) and read back as a float.
 *
 * <p>The float pass of QAT rounds every activation of every image, so the general cast (any mode, any width) cost
 * more than the float layers themselves. For the types QAT meets (at most 53 bits, a binary point within ±800 bits)
 * the same value is {@code clamp(rint(v·2^F), minRaw, maxRaw)·2^-F} in doubles: scaling a float by a power of two
 * that keeps it in the normal range is exact, {@link Math#rint} rounds ties to even, raws of at most 53 bits and
 * their bounds are exact doubles, and so is scaling them back. Raws of at most 31 bits are clamped without
 * branches ({@code Math.min}/{@code max} on doubles cost about 9 ns a value on this JDK, compares mispredict on values
 * out of range). Other types keep the general cast.
 *
 * <p>Types of at most {@value #MAX_FLOAT_WIDTH} bits with a binary point within ±{@value #MAX_FLOAT_FRAC} bits (every
 * fx8 and fx16 activation) stay in floats, where C2 vectorizes the loop: {@code v·2^F} is the exact product or, past
 * the float range, ±infinity or a value too small to round to anything but 0, which the clamp and the rounding then
 * treat like the exact one; clamping to the integer raw bounds before rounding gives what rounding before clamping
 * gives ({@code rint} is monotone and keeps integers); and for {@code |v| < 2^22}, {@code (v + 1.5·2^23) - 1.5·2^23}
 * is {@code rint(v)}: the sum lies in [2^23, 2^24), where floats are the integers and round ties to even, and
 * 1.5·2^23 is even. The difference of equal floats is +0.0, so no -0.0 appears; raws below 2^22 times 2^-F are exact
 * normal floats.
 * Batches of activations are rounded on every core ({@link Parallel}); values are independent, so the split does
 * not change them.
 */
final class FakeRounding {
    /** Beyond this binary point a float times 2^F could leave the normal double range. */
    private static final int MAX_FRAC = 800;
    private static final int MAX_EXACT_WIDTH = 53;
    private static final int MAX_INT_WIDTH = 31;
    private static final int MAX_FLOAT_WIDTH = 22;
    private static final int MAX_FLOAT_FRAC = 100;
    /** 1.5·2^23: adding and subtracting it rounds a float below 2^22 in magnitude to an integer, ties to even. */
    private static final float ROUNDER = 0x1.8p23f;
    /** Values per parallel work item: large enough that handing it to a thread costs little. */
    private static final int CHUNK = 1 << 14;

    /** What every distance from the clamp of a chunk within range is (see {@link #floats}). */
    private static final float[] ZEROS = new float[CHUNK];

    private enum Path { FLOAT, INT, DOUBLE, GENERAL }

    private final FixedType type;
    private final FixedType cast;
    private final Path path;
    private final double scale;
    private final double unscale;
    private final long minRaw;
    private final long maxRaw;
    private final double lo;
    private final double hi;
    /** The range's ends as floats, and whether they are exactly lo and hi: then float compares decide the same. */
    private final float flo;
    private final float fhi;
    private final boolean floatBounds;

    FakeRounding(FixedType type) {
        if (!type.isFast()) {
            throw new IllegalArgumentException("fake quantization needs a type of at most 64 bits, got " + type);
        }
        this.type = type;
        this.cast = type.withModes(QuantMode.AP_RND_CONV, OverflowMode.AP_SAT, 0);
        boolean near = Math.abs(type.fracBits()) <= MAX_FRAC;
        boolean floats = type.width() <= MAX_FLOAT_WIDTH && Math.abs(type.fracBits()) <= MAX_FLOAT_FRAC;
        this.path = floats ? Path.FLOAT : !near || type.width() > MAX_EXACT_WIDTH ? Path.GENERAL
                : type.width() <= MAX_INT_WIDTH ? Path.INT : Path.DOUBLE;
        this.scale = Math.scalb(1.0, type.fracBits());
        this.unscale = Math.scalb(1.0, -type.fracBits());
        this.minRaw = type.minRaw();
        this.maxRaw = type.maxRaw();
        this.lo = type.minValue();
        this.hi = type.maxValue();
        this.flo = (float) lo;
        this.fhi = (float) hi;
        this.floatBounds = flo == lo && fhi == hi;
    }

    FixedType type() {
        return type;
    }

    /** One value, rounded into the type and back. */
    float round(double v) {
        return (float) Fx.toDouble(Fx.fromDouble(v, cast), type);
    }

    /**
     * What one {@link #apply} saw, for the straight-through backward: the values it rounded and, per chunk of
     * {@value #CHUNK} values, whether every one of them lay within the type's range.
     *
     * @param values  the tensor that was rounded (kept by reference, as layers keep their inputs)
     * @param inRange per chunk, whether no value of it saturated; null when none in the whole tensor did
     */
    record Rounded(float[] values, boolean[] inRange) {}

    /** What a chunk held: a value that is not finite, one beyond the type's range, or only values within it. */
    private static final byte NOT_FINITE = 0;
    private static final byte SATURATED = 1;
    private static final byte IN_RANGE = 2;

    /**
     * Rounds {@code x} into the type and back into {@code y}; {@code pass[i]} (if given) tells whether x[i] was
     * within the type's range, where the straight-through gradient passes.
     */
    Rounded apply(float[] x, float[] y, boolean[] pass) {
        int chunks = (x.length + CHUNK - 1) / CHUNK;
        // Each chunk checks its own values while they are in its cache; the first bad chunk names the value, so the
        // message does not depend on which thread saw what.
        byte[] seen = new byte[chunks];
        Parallel.forEach(chunks, c -> seen[c] = apply(x, y, pass, c * CHUNK, Math.min(x.length, (c + 1) * CHUNK)));
        boolean all = true;
        for (int c = 0; c < chunks; c++) {
            if (seen[c] == NOT_FINITE) {
                for (int i = c * CHUNK; i < x.length; i++) {
                    if (!Float.isFinite(x[i])) {
                        throw new IllegalArgumentException("cannot fake-quantize a non-finite activation " + x[i]);
                    }
                }
            }
            all &= seen[c] == IN_RANGE;
        }
        if (all) {
            return new Rounded(x, null);
        }
        boolean[] inRange = new boolean[chunks];
        for (int c = 0; c < chunks; c++) {
            inRange[c] = seen[c] == IN_RANGE;
        }
        return new Rounded(x, inRange);
    }

    /**
     * Elements {@code [from, to)}: each element alone, so any split gives the same values; NOT_FINITE (and nothing
     * promised about {@code y}) if one of them is not finite, else whether all lay within the type's range. Values
     * within the range are finite, so only a chunk where some value saturated (or seemed to, see {@link #floats}) is
     * searched for non-finite ones.
     */
    private byte apply(float[] x, float[] y, boolean[] pass, int from, int to) {
        byte seen;
        if (path == Path.FLOAT) {
            seen = floats(x, y, from, to) ? IN_RANGE : SATURATED;
        } else {
            seen = inRange(x, from, to) ? IN_RANGE : SATURATED;
        }
        if (seen == SATURATED) {
            for (int i = from; i < to; i++) {
                if (!Float.isFinite(x[i])) {
                    return NOT_FINITE;
                }
            }
        }
        switch (path) {
            case FLOAT -> { } // rounded above
            case INT -> ints(x, y, from, to);
            case DOUBLE -> doubles(x, y, from, to);
            default -> {
                for (int i = from; i < to; i++) {
                    y[i] = round(x[i]);
                }
            }
        }
        if (pass != null) {
            for (int i = from; i < to; i++) {
                pass[i] = x[i] >= lo && x[i] <= hi;
            }
        }
        return seen;
    }

    /** Whether every value of {@code [from, to)} lies within the type's range (NaN does not). */
    private boolean inRange(float[] x, int from, int to) {
        if (floatBounds) {
            for (int i = from; i < to; i++) {
                if (!(x[i] >= flo && x[i] <= fhi)) {
                    return false;
                }
            }
        } else {
            for (int i = from; i < to; i++) {
                if (!(x[i] >= lo && x[i] <= hi)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The float path of the class comment: scale, clamp to the raw bounds, round, scale back; true if every value
     * was finite and within the type's range (false also for -0.0 under a lower bound of +0.0, which is in range: a
     * false alarm costs only the masked backward).
     *
     * <p>A first loop writes each value's distance from its clamp, {@code a - clamp(a)} with {@code a = x·2^F}, into
     * {@code y}, one vectorized compare ({@link Arrays#mismatch}) finds whether all are +0.0, and the rounding then
     * overwrites them: the early-exit range scan this replaces did not vectorize. (The distances go to {@code y}, not
     * to a scratch chunk, because C2 vectorizes the loop only when its arrays share one index.) The distance is +0.0
     * exactly for a finite {@code a} within the raw bounds ({@code a - a}; {@code -0.0} keeps its sign through the
     * clamp only when the lower bound is negative). Otherwise it is nonzero, NaN, or -0.0 (a -0.0 clamped to +0.0):
     * from infinity or NaN, from a finite {@code a} beyond a bound, or from a tiny {@code a} below a lower bound of 0.
     * And {@code a} is beyond a bound exactly when x is beyond the range: the scaled value is exact, or an infinity
     * past the float range, or, for scales below 1, a value of x's sign rounded toward 0, which the bounds (integers,
     * the lower at most 0, the upper at least 0) then still place on x's side.
     */
    private boolean floats(float[] x, float[] y, int from, int to) {
        float s = (float) scale;
        float u = (float) unscale;
        float min = minRaw;
        float max = maxRaw;
        for (int i = from; i < to; i++) {
            float a = x[i] * s;
            y[i] = a - Math.min(max, Math.max(min, a));
        }
        boolean inRange = Arrays.mismatch(y, from, to, ZEROS, 0, to - from) < 0;
        for (int i = from; i < to; i++) {
            float v = Math.min(max, Math.max(min, x[i] * s));
            y[i] = ((v + ROUNDER) - ROUNDER) * u;
        }
        return inRange;
    }

    private void ints(float[] x, float[] y, int from, int to) {
        double s = scale;
        double u = unscale;
        long min = minRaw;
        long max = maxRaw;
        for (int i = from; i < to; i++) {
            // The int cast saturates, so the long differences below cannot overflow; masks, not compares, clamp
            // (compiled as branches, compares mispredict on values out of range). The raw 0 reads back as +0.0.
            long r = (int) Math.rint(x[i] * s);
            long d = r - min;
            r = min + (d & ~(d >> 63));
            d = max - r;
            r = max - (d & ~(d >> 63));
            y[i] = (float) (r * u);
        }
    }

    private void doubles(float[] x, float[] y, int from, int to) {
        double s = scale;
        double u = unscale;
        double min = minRaw;
        double max = maxRaw;
        for (int i = from; i < to; i++) {
            double r = Math.rint(x[i] * s);
            r = r < min ? min : r > max ? max : r;
            // + 0.0 turns rint's -0.0 into the +0.0 the raw 0 reads back as
            y[i] = (float) (r * u + 0.0);
        }
    }

    /**
     * The straight-through gradient: {@code g} where the value the forward rounded was within range, 0 where it
     * saturated. Where nothing saturated (the common case: the types were calibrated to hold the activations) that is
     * {@code g} itself, returned as it is, since layers only read their output gradient; otherwise an array of the
     * caller's output scope ({@link Outputs#take}: a QAT step's backward runs in one, and fresh arrays there cost a
     * few MB per step), whose chunks without a saturated value are copies of {@code g}'s.
     */
    float[] straightThrough(float[] g, Rounded r) {
        float[] x = r.values();
        if (g.length != x.length) {
            throw new IllegalArgumentException("gradient has " + g.length + " values, the rounded tensor " + x.length);
        }
        boolean[] inRange = r.inRange();
        if (inRange == null) {
            return g;
        }
        float[] out = Outputs.take(g.length); // every value is written below
        Parallel.forEach(inRange.length, c -> {
            int from = c * CHUNK;
            int to = Math.min(g.length, from + CHUNK);
            if (inRange[c]) {
                System.arraycopy(g, from, out, from, to - from);
            } else {
                mask(g, x, out, from, to);
            }
        });
        return out;
    }

    /** {@code out[i] = g[i]} where {@code x[i]} is within range, else 0, for i in {@code [from, to)}. */
    private void mask(float[] g, float[] x, float[] out, int from, int to) {
        if (floatBounds) {
            for (int i = from; i < to; i++) {
                out[i] = x[i] >= flo && x[i] <= fhi ? g[i] : 0f;
            }
        } else {
            for (int i = from; i < to; i++) {
                out[i] = x[i] >= lo && x[i] <= hi ? g[i] : 0f;
            }
        }
    }
}
