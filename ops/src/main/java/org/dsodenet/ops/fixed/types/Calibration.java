package org.dsodenet.ops.fixed.types;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.ops.fixed.LayerTrace;
import org.dsodenet.ops.fixed.StepTrace;
import org.dsodenet.ops.fixed.Trace;

/**
 * Output types from observed activation ranges: collect the values each layer produces on calibration data, then
 * give each layer the type of a chosen total width whose integer bits just hold the largest observed magnitude (so
 * the remaining bits all go to the fraction). Not thread-safe; observe from one thread.
 *
 * <p>Observations are keyed by layer name. {@link #observe(Trace)} records every top-level layer, every Euler step's
 * state under the ODE block's name, and the layers of ODE functions whose values were recorded.
 */
public final class Calibration {
    /** Observed range of one layer. */
    public record Range(double min, double max, long count) {
        /** The largest magnitude seen. */
        public double maxAbs() {
            return Math.max(Math.abs(min), Math.abs(max));
        }
    }

    private final Map<String, Range> ranges = new LinkedHashMap<>();

    /** Adds values produced by a layer; NaN or infinity is an error. */
    public void observe(String layer, double[] values) {
        if (layer == null || layer.isBlank()) {
            throw new IllegalArgumentException("layer name must not be empty");
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(layer + ": value " + i + " is " + v + ", calibration needs finite values");
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (values.length == 0) {
            return;
        }
        Range old = ranges.get(layer);
        ranges.put(layer, old == null ? new Range(min, max, values.length)
                : new Range(Math.min(old.min(), min), Math.max(old.max(), max), old.count() + values.length));
    }

    /** Adds every value a traced forward produced (see the class comment). */
    public void observe(Trace trace) {
        for (LayerTrace l : trace.layers()) {
            observe(l);
        }
    }

    private void observe(LayerTrace l) {
        if (l.hasValues() && l.steps().isEmpty()) { // an ODE block's output is its last step's state
            observe(l.name(), l.values());
        }
        for (StepTrace s : l.steps()) {
            double[] state = new double[l.size()];
            for (int i = 0; i < state.length; i++) {
                state[i] = org.dsodenet.fixedpoint.WideFx.toDouble(s.rawBig(i), s.type());
            }
            observe(l.name(), state);
            for (LayerTrace f : s.f()) {
                observe(f);
            }
        }
    }

    /** Observed ranges by layer name, in first-seen order. */
    public Map<String, Range> ranges() {
        return Collections.unmodifiableMap(ranges);
    }

    public Range range(String layer) {
        Range r = ranges.get(layer);
        if (r == null) {
            throw new IllegalArgumentException("no values observed for layer '" + layer + "'");
        }
        return r;
    }

    /**
     * The calibrated type of a layer: {@code width} bits, unsigned when allowed and nothing negative was seen, the
     * fewest integer bits that hold every observed value, and the given modes.
     */
    public FixedType type(String layer, int width, QuantMode q, OverflowMode o, boolean allowUnsigned) {
        Range r = range(layer);
        boolean unsigned = allowUnsigned && r.min() >= 0 && o != OverflowMode.AP_WRAP_SM;
        int i = unsigned ? intBits(r.max(), width, false) : intBits(r.maxAbs(), width, true);
        return new FixedType(!unsigned, width, i, q, o, 0);
    }

    /**
     * The fewest integer bits I such that {@code ap_fixed<width,I>} (or {@code ap_ufixed}) has a largest value of at
     * least {@code maxAbs}. Then no observed value overflows in any quantization mode: rounding is monotone and the
     * largest value is itself representable, so nothing at or below it rounds above it. (For a signed type, the
     * negative side has one more LSB of room.) A layer that only produced zeros gets I = 1.
     */
    public static int intBits(double maxAbs, int width, boolean signed) {
        if (!Double.isFinite(maxAbs) || maxAbs < 0) {
            throw new IllegalArgumentException("largest magnitude must be finite and non-negative, got " + maxAbs);
        }
        if (width < 1 || width > FixedType.MAX_WIDTH) {
            throw new IllegalArgumentException("width " + width + " is out of range 1.." + FixedType.MAX_WIDTH);
        }
        if (maxAbs == 0) {
            return 1;
        }
        if (signed && width == 1) {
            throw new IllegalArgumentException("ap_fixed<1,I> holds no positive value; use a wider type");
        }
        // Start near the answer, from the binary exponent, then step; at most a few iterations.
        int i = Math.getExponent(maxAbs) + (signed ? 1 : 0);
        while (!holds(maxAbs, width, i, signed)) {
            i++;
        }
        while (holds(maxAbs, width, i - 1, signed)) {
            i--;
        }
        return i;
    }

    /** Whether v is at most the largest value of ap_(u)fixed<w,i>, (2^m - 1) · 2^(i-w) with m = w - [signed]. */
    private static boolean holds(double v, int w, int i, boolean signed) {
        int m = w - (signed ? 1 : 0);
        if (m > 53) {
            // 2^m - 1 is not a double, but no double lies between the largest value and 2^(m+i-w) either.
            return v < Math.scalb(1.0, m + i - w);
        }
        return v <= Math.scalb(Math.scalb(1.0, m) - 1, i - w);
    }
}
