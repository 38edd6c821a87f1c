package org.dsodenet.train;

import java.util.List;
import java.util.Objects;

/**
 * What an {@link Optimizer} has accumulated: its kind (e.g. {@code "sgd"}), the number of steps taken and one
 * float buffer per (parameter, slot), e.g. ({@code "fc.weight"}, {@code "m"}) for Adam's first moment.
 *
 * <p>Buffer arrays are not copied by this record; {@link Optimizer#state()} hands out fresh copies and
 * {@link Optimizer#loadState} copies out of them.
 *
 * @param type    optimizer kind, checked on load
 * @param steps   number of steps taken
 * @param buffers per-parameter buffers in the optimizer's parameter order
 */
public record OptimizerState(String type, long steps, List<Buffer> buffers) {
    public OptimizerState {
        Objects.requireNonNull(type, "type");
        if (steps < 0) {
            throw new IllegalArgumentException("optimizer step count must be non-negative, got " + steps);
        }
        buffers = List.copyOf(buffers);
    }

    /**
     * One state buffer.
     *
     * @param param  parameter name
     * @param slot   buffer name within the optimizer ({@code "momentum"}, {@code "m"}, {@code "v"})
     * @param values one value per parameter element
     */
    public record Buffer(String param, String slot, float[] values) {
        public Buffer {
            Objects.requireNonNull(param, "param");
            Objects.requireNonNull(slot, "slot");
            Objects.requireNonNull(values, "values");
        }
    }
}
