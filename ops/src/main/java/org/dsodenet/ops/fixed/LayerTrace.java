package org.dsodenet.ops.fixed;

import java.math.BigInteger;
import java.util.List;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.WideFx;
import org.dsodenet.fixedpoint.tensor.FixedTensor;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QLayer;

/**
 * What one layer produced for one sample: its output raws in CHW order and the conversion counts.
 *
 * <p>Raws are in {@code raws} when the output type is at most 64 bits wide (sign-extended, or the bit pattern for a
 * 64-bit {@code ap_ufixed}), otherwise in {@code wideRaws}; the other array is null. Both are null for the layers of
 * an ODE function when the forward was not asked to record their values (their counts are always there). The arrays
 * are shared, not copied: do not modify them.
 *
 * @param accStats conversions into the accumulator (the bias, then every {@code acc = acc + ...}); empty for layers
 *                 without one
 * @param outStats conversions into the output type; for an ODE block the entry conversion {@code z = stateType(x)}
 *                 (each step's own conversions are in its {@link StepTrace})
 * @param steps    for an ODE block, one entry per Euler step; empty otherwise
 */
public record LayerTrace(QLayer layer, Dims dims, FixedType type, long[] raws, BigInteger[] wideRaws,
                         FixedStats accStats, FixedStats outStats, List<StepTrace> steps) {
    public LayerTrace {
        steps = List.copyOf(steps);
    }

    public String name() {
        return layer.name();
    }

    /** Whether output values were recorded. */
    public boolean hasValues() {
        return raws != null || wideRaws != null;
    }

    /** Number of output values. */
    public int size() {
        return dims.size();
    }

    /** The numeric raw value at a CHW index. */
    public BigInteger rawBig(int index) {
        requireValues();
        return raws != null ? Fx.toBig(raws[index], type) : wideRaws[index];
    }

    /** Output values as doubles (round to nearest even). */
    public double[] values() {
        requireValues();
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = raws != null ? Fx.toDouble(raws[i], type) : WideFx.toDouble(wideRaws[i], type);
        }
        return out;
    }

    /** Output values as a tensor of shape (c, h, w). */
    public FixedTensor tensor() {
        requireValues();
        int[] shape = {dims.c(), dims.h(), dims.w()};
        return raws != null ? FixedTensor.ofRaw(raws, shape, type) : FixedTensor.ofRaw(wideRaws, shape, type);
    }

    /** All conversions of this layer: accumulator, output and, for an ODE block, every step. */
    public FixedStats stats() {
        FixedStats s = accStats.copy().add(outStats);
        for (StepTrace step : steps) {
            s.add(step.stats());
        }
        return s;
    }

    private void requireValues() {
        if (!hasValues()) {
            throw new IllegalStateException(name() + ": values were not recorded (ODE internals are off)");
        }
    }
}
