package org.dsodenet.ops.fixed;

import java.math.BigInteger;
import java.util.List;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.tensor.FixedTensor;
import org.dsodenet.ops.fixed.kernel.LongValues;
import org.dsodenet.ops.fixed.kernel.Values;
import org.dsodenet.ops.fixed.kernel.WideValues;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QLayer;

/**
 * What one layer produced for one sample: its output raws in CHW order and the conversion counts.
 *
 * <p>{@code raws} is null for the layers of an ODE function when the forward was not asked to record their values
 * (their counts are always there). The raws are shared, not copied: do not modify them.
 *
 * @param raws     the output raws, {@link LongValues} or {@link WideValues} by the type's width; null when not recorded
 * @param accStats conversions into the accumulator (the bias, then every {@code acc = acc + ...}); empty for layers
 *                 without one
 * @param outStats conversions into the output type; for an ODE block the entry conversion {@code z = stateType(x)}
 *                 (each step's own conversions are in its {@link StepTrace})
 * @param steps    for an ODE block, one entry per Euler step; empty otherwise
 */
public record LayerTrace(QLayer layer, Dims dims, Values raws,
                         FixedStats accStats, FixedStats outStats, List<StepTrace> steps) {
    public LayerTrace {
        steps = List.copyOf(steps);
    }

    public FixedType type() {
        return layer.outputType();
    }

    public String name() {
        return layer.name();
    }

    /** Whether output values were recorded. */
    public boolean hasValues() {
        return raws != null;
    }

    /** Number of output values. */
    public int size() {
        return dims.size();
    }

    /** The numeric raw value at a CHW index. */
    public BigInteger rawBig(int index) {
        requireValues();
        return raws.big(index);
    }

    /** Output values as doubles (round to nearest even). */
    public double[] values() {
        requireValues();
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = raws.toDouble(i);
        }
        return out;
    }

    /** Output values as a tensor of shape (c, h, w). */
    public FixedTensor tensor() {
        requireValues();
        return raws.tensor(new int[] {dims.c(), dims.h(), dims.w()});
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
