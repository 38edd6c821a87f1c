package org.dsodenet.train;

import java.util.List;
import org.dsodenet.ops.layer.Param;

/**
 * What {@link Adam} and {@link Sgd} share: per-parameter buffers ({@link ParamSlots}), per-parameter weight-decay
 * rates, the learning rate and the step count, and their export to and from an {@link OptimizerState}. The update
 * rules themselves stay in the subclasses.
 */
abstract sealed class SlotOptimizer implements Optimizer permits Adam, Sgd {
    final ParamSlots slots;
    private final String type;
    private final boolean decoupled;
    private final double[] decayRates;
    double lr;
    long steps;

    SlotOptimizer(String type, ParamSlots slots, double lr, WeightDecay decay) {
        WeightDecay d = decay == null ? WeightDecay.none() : decay;
        this.type = type;
        this.slots = slots;
        this.lr = ParamSlots.checkedLr(lr);
        this.decoupled = d.mode() == WeightDecay.Mode.DECOUPLED;
        List<Param> ps = slots.params();
        this.decayRates = new double[ps.size()];
        for (int i = 0; i < ps.size(); i++) {
            decayRates[i] = d.rateFor(ps.get(i));
        }
    }

    /** The L2 coefficient added to parameter {@code i}'s gradient (0 with decoupled decay). */
    final double l2(int i) {
        return decoupled ? 0 : decayRates[i];
    }

    /** The factor parameter {@code i} shrinks by before the update (1 without decoupled decay). */
    final double shrink(int i) {
        return decoupled ? 1 - lr * decayRates[i] : 1;
    }

    @Override
    public final List<Param> params() {
        return slots.params();
    }

    @Override
    public final double lr() {
        return lr;
    }

    @Override
    public final void setLr(double lr) {
        this.lr = ParamSlots.checkedLr(lr);
    }

    @Override
    public final long steps() {
        return steps;
    }

    @Override
    public final OptimizerState state() {
        return slots.export(type, steps);
    }

    @Override
    public final void loadState(OptimizerState state) {
        slots.load(type, state);
        steps = state.steps();
    }
}
