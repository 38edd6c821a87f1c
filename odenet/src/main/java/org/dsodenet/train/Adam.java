package org.dsodenet.train;

import java.util.List;
import org.dsodenet.ops.layer.Param;

/**
 * Adam (Kingma and Ba) with bias correction, and AdamW when given {@link WeightDecay#decoupled} decay. At step
 * {@code t} (counting from 1):
 *
 * <pre>
 *   g = grad + wd * w                      (only for {@link WeightDecay.Mode#L2})
 *   w = w - lr * wd * w                    (only for {@link WeightDecay.Mode#DECOUPLED}, i.e. AdamW)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   w = w - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * the same placement of {@code eps} as PyTorch. Each element is computed in double and stored as float, in index
 * order, so results do not depend on threads. The step count {@code t} is part of the {@link #state()} because the
 * bias correction depends on it.
 */
public final class Adam extends SlotOptimizer {
    /** The {@link OptimizerState#type()} of Adam states. */
    public static final String TYPE = "adam";

    private final double beta1;
    private final double beta2;
    private final double eps;

    /**
     * @param params parameters to update (unique names)
     * @param lr     initial learning rate
     * @param beta1  first-moment decay in {@code [0, 1)}
     * @param beta2  second-moment decay in {@code [0, 1)}
     * @param eps    positive denominator guard
     * @param decay  weight decay ({@link WeightDecay#decoupled} gives AdamW)
     */
    public Adam(List<Param> params, double lr, double beta1, double beta2, double eps, WeightDecay decay) {
        super(TYPE, new ParamSlots(params, "m", "v"), lr, decay);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("Adam eps must be positive and finite, got " + eps);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    /** Adam with betas (0.9, 0.999), eps 1e-8 and no weight decay. */
    public Adam(List<Param> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, WeightDecay.none());
    }

    /** AdamW: betas (0.9, 0.999), eps 1e-8 and decoupled weight decay {@code weightDecay} on every parameter. */
    public static Adam adamW(List<Param> params, double lr, double weightDecay) {
        return new Adam(params, lr, 0.9, 0.999, 1e-8, WeightDecay.decoupled(weightDecay));
    }

    @Override
    public void step() {
        long t = steps + 1;
        double stepSize = lr / (1 - Math.pow(beta1, t));
        double sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, t));
        List<Param> ps = slots.params();
        for (int i = 0; i < ps.size(); i++) {
            Param p = ps.get(i);
            update(p.value(), p.grad(), slots.buffer(0, i), slots.buffer(1, i), beta1, beta2, eps, stepSize, sqrtBc2,
                    l2(i), shrink(i));
        }
        steps = t;
    }

    private static void update(float[] w, float[] g, float[] m, float[] v, double b1, double b2, double eps,
                               double stepSize, double sqrtBc2, double l2, double shrink) {
        for (int j = 0; j < w.length; j++) {
            double wj = w[j];
            double gj = g[j] + l2 * wj;
            float mj = (float) (b1 * m[j] + (1 - b1) * gj);
            float vj = (float) (b2 * v[j] + (1 - b2) * gj * gj);
            m[j] = mj;
            v[j] = vj;
            w[j] = (float) (wj * shrink - stepSize * mj / (Math.sqrt(vj) / sqrtBc2 + eps));
        }
    }
}
