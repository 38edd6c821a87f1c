package org.dsodenet.ops.fixed;

import java.math.BigInteger;
import java.util.List;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;

/**
 * One Euler step of an ODE block: the state after the step and the step's conversion counts.
 *
 * @param step        k, from 0
 * @param raws        the state after the step, when the state type is at most 64 bits wide (else null)
 * @param wideRaws    the state after the step, when the state type is wider than 64 bits (else null)
 * @param updateStats the step's own conversions: {@code t_k} into the state type (with a time channel) and every
 *                    {@code z = z + f * h}
 * @param f           the layers of f at this step, with their counts, and their values when recorded
 */
public record StepTrace(int step, FixedType type, long[] raws, BigInteger[] wideRaws, FixedStats updateStats,
                        List<LayerTrace> f) {
    public StepTrace {
        f = List.copyOf(f);
    }

    /** The numeric state raw value at a CHW index. */
    public BigInteger rawBig(int index) {
        return raws != null ? Fx.toBig(raws[index], type) : wideRaws[index];
    }

    /** All conversions of this step: f's layers and the update. */
    public FixedStats stats() {
        FixedStats s = updateStats.copy();
        for (LayerTrace l : f) {
            s.add(l.stats());
        }
        return s;
    }
}
