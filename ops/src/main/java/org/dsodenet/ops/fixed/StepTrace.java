package org.dsodenet.ops.fixed;

import java.math.BigInteger;
import java.util.List;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.ops.fixed.kernel.Values;

/**
 * One Euler step of an ODE block: the state after the step and the step's conversion counts.
 *
 * @param step        k, from 0
 * @param state       the state after the step
 * @param updateStats the step's own conversions: {@code t_k} into the state type (with a time channel) and every
 *                    {@code z = z + f * h}
 * @param f           the layers of f at this step, with their counts, and their values when recorded
 */
public record StepTrace(int step, Values state, FixedStats updateStats, List<LayerTrace> f) {
    public StepTrace {
        f = List.copyOf(f);
    }

    /** The state type. */
    public FixedType type() {
        return state.type();
    }

    /** The numeric state raw value at a CHW index. */
    public BigInteger rawBig(int index) {
        return state.big(index);
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
