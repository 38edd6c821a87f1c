package org.dsodenet.quant;

import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;

/**
 * The fake quantization of one activation type, planned once: a float rounded to nearest even and saturated into
 * the type (the ap_fixed cast {@code Fx.fromDouble} with AP_RND_CONV, AP_SAT) and read back as a float.
 *
 * <p>The float pass of QAT rounds every activation of every image, so the general cast (any mode, any width) cost
 * more than the float layers themselves. For the types QAT meets (at most 53 bits, a binary point within ±800 bits)
 * the same value is {@code clamp(rint(v·2^F), minRaw, maxRaw)·2^-F} in doubles: scaling a float by a power of two
 * that keeps it in the normal range is exact, {@link Math#rint} rounds ties to even, raws of at most 53 bits and
 * their bounds are exact doubles, and so is scaling them back. Other types keep the general cast.
 */
final class FakeRounding {
    /** Beyond this binary point a float times 2^F could leave the normal double range. */
    private static final int MAX_FRAC = 800;
    private static final int MAX_EXACT_WIDTH = 53;

    private final FixedType type;
    private final FixedType cast;
    private final boolean fast;
    private final double scale;
    private final double unscale;
    private final double minRaw;
    private final double maxRaw;
    private final double lo;
    private final double hi;

    FakeRounding(FixedType type) {
        if (!type.isFast()) {
            throw new IllegalArgumentException("fake quantization needs a type of at most 64 bits, got " + type);
        }
        this.type = type;
        this.cast = type.withModes(QuantMode.AP_RND_CONV, OverflowMode.AP_SAT, 0);
        this.fast = type.width() <= MAX_EXACT_WIDTH && Math.abs(type.fracBits()) <= MAX_FRAC;
        this.scale = Math.scalb(1.0, type.fracBits());
        this.unscale = Math.scalb(1.0, -type.fracBits());
        this.minRaw = fast ? type.minRaw() : 0;
        this.maxRaw = fast ? type.maxRaw() : 0;
        this.lo = type.minValue();
        this.hi = type.maxValue();
    }

    FixedType type() {
        return type;
    }

    /** One value, rounded into the type and back. */
    float round(double v) {
        return (float) Fx.toDouble(Fx.fromDouble(v, cast), type);
    }

    /**
     * Rounds {@code x} into the type and back into {@code y}; {@code pass[i]} (if given) tells whether x[i] was
     * within the type's range, where the straight-through gradient passes.
     */
    void apply(float[] x, float[] y, boolean[] pass) {
        for (float v : x) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("cannot fake-quantize a non-finite activation " + v);
            }
        }
        if (fast) {
            for (int i = 0; i < x.length; i++) {
                double r = Math.max(minRaw, Math.min(maxRaw, Math.rint(x[i] * scale)));
                // + 0.0 turns rint's -0.0 into the +0.0 the raw 0 reads back as
                y[i] = (float) (r * unscale + 0.0);
            }
        } else {
            for (int i = 0; i < x.length; i++) {
                y[i] = round(x[i]);
            }
        }
        if (pass != null) {
            for (int i = 0; i < x.length; i++) {
                pass[i] = x[i] >= lo && x[i] <= hi;
            }
        }
    }
}
