package org.dsodenet.train;

import java.util.List;
import org.dsodenet.ops.layer.Param;

/**
 * Stochastic gradient descent with optional (Nesterov) momentum and weight decay, with PyTorch's conventions:
 *
 * <pre>
 *   g = grad + wd * w                      (only for {@link WeightDecay.Mode#L2})
 *   w = w - lr * wd * w                    (only for {@link WeightDecay.Mode#DECOUPLED})
 *   v = momentum * v + g                   (v starts at 0, no dampening)
 *   d = nesterov ? g + momentum * v : v    (d = g when momentum is 0)
 *   w = w - lr * d
 * </pre>
 *
 * Each element is computed in double and stored as float; the arithmetic is the same for every element and runs in
 * index order, so results do not depend on threads.
 */
public final class Sgd implements Optimizer {
    /** The {@link OptimizerState#type()} of SGD states. */
    public static final String TYPE = "sgd";

    private final ParamSlots slots;
    private final double momentum;
    private final boolean nesterov;
    private final WeightDecay decay;
    private final double[] decayRates;
    private double lr;
    private long steps;

    /**
     * @param params   parameters to update (unique names)
     * @param lr       initial learning rate
     * @param momentum momentum coefficient in {@code [0, 1)}; 0 disables the buffer
     * @param nesterov Nesterov momentum (needs {@code momentum > 0})
     * @param decay    weight decay
     */
    public Sgd(List<Param> params, double lr, double momentum, boolean nesterov, WeightDecay decay) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Nesterov momentum needs a positive momentum");
        }
        this.slots = momentum > 0 ? new ParamSlots(params, "momentum") : new ParamSlots(params);
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.decay = decay == null ? WeightDecay.none() : decay;
        this.lr = ParamSlots.checkedLr(lr);
        List<Param> ps = slots.params();
        this.decayRates = new double[ps.size()];
        for (int i = 0; i < ps.size(); i++) {
            decayRates[i] = this.decay.rateFor(ps.get(i));
        }
    }

    /** Plain SGD with momentum and no weight decay. */
    public Sgd(List<Param> params, double lr, double momentum) {
        this(params, lr, momentum, false, WeightDecay.none());
    }

    /** Plain SGD. */
    public Sgd(List<Param> params, double lr) {
        this(params, lr, 0, false, WeightDecay.none());
    }

    @Override
    public List<Param> params() {
        return slots.params();
    }

    @Override
    public void step() {
        List<Param> ps = slots.params();
        boolean decoupled = decay.mode() == WeightDecay.Mode.DECOUPLED;
        for (int i = 0; i < ps.size(); i++) {
            Param p = ps.get(i);
            double wd = decayRates[i];
            double l2 = decoupled ? 0 : wd;
            double shrink = decoupled ? 1 - lr * wd : 1;
            if (momentum > 0) {
                updateMomentum(p.value(), p.grad(), slots.buffer(0, i), lr, momentum, nesterov, l2, shrink);
            } else {
                updatePlain(p.value(), p.grad(), lr, l2, shrink);
            }
        }
        steps++;
    }

    private static void updatePlain(float[] w, float[] g, double lr, double l2, double shrink) {
        for (int j = 0; j < w.length; j++) {
            double wj = w[j];
            double gj = g[j] + l2 * wj;
            w[j] = (float) (wj * shrink - lr * gj);
        }
    }

    private static void updateMomentum(float[] w, float[] g, float[] v, double lr, double mu, boolean nesterov,
                                       double l2, double shrink) {
        for (int j = 0; j < w.length; j++) {
            double wj = w[j];
            double gj = g[j] + l2 * wj;
            float vj = (float) (mu * v[j] + gj);
            v[j] = vj;
            double d = nesterov ? gj + mu * vj : vj;
            w[j] = (float) (wj * shrink - lr * d);
        }
    }

    @Override
    public double lr() {
        return lr;
    }

    @Override
    public void setLr(double lr) {
        this.lr = ParamSlots.checkedLr(lr);
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public OptimizerState state() {
        return slots.export(TYPE, steps);
    }

    @Override
    public void loadState(OptimizerState state) {
        slots.load(TYPE, state);
        steps = state.steps();
    }
}
