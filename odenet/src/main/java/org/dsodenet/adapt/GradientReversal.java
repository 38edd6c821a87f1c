package org.dsodenet.adapt;

import org.dsodenet.ops.layer.ForwardCache;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.LayerVisitor;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/**
 * Gradient reversal layer (Ganin and Lempitsky, DANN): the identity going forward, multiplication of the gradient
 * by {@code -lambda} going back, so the feature extractor learns to <em>confuse</em> the domain classifier placed
 * after this layer. Follows the {@link Layer} cache contract (one recorded shape per training forward) so that a
 * backward without a matching forward is caught. The forward returns its input tensor itself.
 */
public final class GradientReversal implements Layer {
    @Override public <R> R accept(LayerVisitor<R> v) { return v.other(this); }

    private final ForwardCache<Shape> cache;
    private final String name;
    private double lambda;

    public GradientReversal(String name, double lambda) {
        this.name = name;
        this.cache = new ForwardCache<>(name);
        setLambda(lambda);
    }

    public GradientReversal(double lambda) {
        this("grl", lambda);
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * The DANN schedule {@code 2 / (1 + exp(-gamma p)) - 1} with {@code gamma = 10}, rising from 0 at the start of
     * training ({@code p = 0}) to about 1 at the end ({@code p = 1}); {@code p} is the fraction of training done.
     */
    public static double dannLambda(double progress) {
        return dannLambda(progress, 10);
    }

    /** The DANN schedule with a custom steepness {@code gamma}. */
    public static double dannLambda(double progress, double gamma) {
        if (!(progress >= 0 && progress <= 1)) {
            throw new IllegalArgumentException("training progress must be in [0, 1], got " + progress);
        }
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("DANN gamma must be positive and finite, got " + gamma);
        }
        return 2 / (1 + Math.exp(-gamma * progress)) - 1;
    }

    public double lambda() {
        return lambda;
    }

    /** Sets the reversal strength for the following backward calls; finite and non-negative. */
    public void setLambda(double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("gradient reversal lambda must be finite and non-negative, got "
                    + lambda);
        }
        this.lambda = lambda;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        if (training) {
            cache.push(x.shape());
        }
        return x;
    }

    @Override
    public Tensor backward(Tensor gradOut) {
        Shape s = cache.pop();
        gradOut.requireShape(s, "gradient reversal output gradient");
        float[] g = gradOut.data();
        float[] out = new float[g.length];
        float f = (float) -lambda;
        for (int i = 0; i < g.length; i++) {
            out[i] = f * g[i];
        }
        return Tensor.wrap(s, out);
    }

    @Override
    public void clearCache() {
        cache.clear();
    }
}
