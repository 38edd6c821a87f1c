package org.dsodenet.train;

import java.util.List;
import org.dsodenet.ops.layer.Param;

/**
 * Updates a fixed list of {@link Param}s in place from their accumulated gradients.
 *
 * <p>Typical iteration: {@code zeroGrad()}, forward, loss, backward (which adds into {@link Param#grad()}),
 * {@code setLr(schedule.lr(...))}, {@code step()}. The learning rate is plain mutable state so that a
 * {@link LrSchedule} can drive it; everything else an optimizer learns while training (momentum buffers, moment
 * estimates, the step count) is exported by {@link #state()} for {@link Checkpoint}s and restored with
 * {@link #loadState}. Hyper-parameters (momentum, betas, weight decay) are configuration, not state: the caller
 * builds the optimizer with the same values on resume.
 */
public interface Optimizer {
    /** The parameters this optimizer updates, in the order given at construction. */
    List<Param> params();

    /** Applies one update to every parameter from its current gradient, then counts the step. */
    void step();

    /** Sets every parameter gradient to zero. */
    default void zeroGrad() {
        for (Param p : params()) {
            p.zeroGrad();
        }
    }

    /** The learning rate the next {@link #step()} uses. */
    double lr();

    /** Sets the learning rate for the following steps; must be finite and non-negative. */
    void setLr(double lr);

    /** Number of {@link #step()} calls so far (restored by {@link #loadState}). */
    long steps();

    /** A deep copy of everything the optimizer accumulated, keyed by parameter name. */
    OptimizerState state();

    /**
     * Restores a state produced by {@link #state()} of an optimizer of the same kind over parameters with the same
     * names and sizes; throws {@link IllegalArgumentException} (nothing changed) on any mismatch.
     */
    void loadState(OptimizerState state);
}
