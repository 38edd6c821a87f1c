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
public final class Sgd extends SlotOptimizer {
    /** The {@link OptimizerState#type()} of SGD states. */
    public static final String TYPE = "sgd";

    private final double momentum;
    private final boolean nesterov;

    /**
     * @param params   parameters to update (unique names)
     * @param lr       initial learning rate
     * @param momentum momentum coefficient in {@code [0, 1)}; 0 disables the buffer
     * @param nesterov Nesterov momentum (needs {@code momentum > 0})
     * @param decay    weight decay
     */
    public Sgd(List<Param> params, double lr, double momentum, boolean nesterov, WeightDecay decay) {
        super(TYPE, momentum > 0 ? new ParamSlots(params, "momentum") : new ParamSlots(params), lr, decay);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Nesterov momentum needs a positive momentum");
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
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
    public void step() {
        List<Param> ps = slots.params();
        for (int i = 0; i < ps.size(); i++) {
            Param p = ps.get(i);
            if (momentum > 0) {
                updateMomentum(p.value(), p.grad(), slots.buffer(0, i), lr, momentum, nesterov, l2(i), shrink(i));
            } else {
                updatePlain(p.value(), p.grad(), lr, l2(i), shrink(i));
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
}
