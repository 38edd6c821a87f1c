package org.dsodenet.quant;

import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.ops.layer.ForwardCache;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.LayerVisitor;
import org.dsodenet.ops.tensor.Tensor;

/**
 * Fake quantization of activations for quantization-aware training: the forward rounds every value to nearest even
 * and saturates it into a fixed-point type (the ap_fixed cast of {@link Fx#fromDouble}) and returns the value of the
 * result; the backward is the straight-through estimator, passing the gradient unchanged where the value was inside
 * the type's range and zeroing it where the cast saturated (there the output does not depend on the input).
 * A training forward's output is written again by a later training forward once this layer's backward has run.
 */
public final class FakeQuant implements Layer {
    @Override public <R> R accept(LayerVisitor<R> v) { return v.other(this); }

    private final String name;
    private final FakeRounding rounding;
    /** Per training forward, the tensor it rounded and where that saturated, and the output it wrote. */
    private final ForwardCache<Pass> cache;
    /**
     * Outputs of training forwards whose backward has run. Nothing reads such an output any more: the layer it fed
     * kept it at most until its own backward, which runs before this one. So the next training forward writes into
     * one of them instead of a new array (QAT rounds every activation of every step; allocating, zeroing and first
     * touching those arrays cost about as much as rounding them). Outputs of inference forwards belong to the caller.
     */
    private final SpareArrays spare = new SpareArrays();

    /** What a training forward keeps for its backward. */
    private record Pass(FakeRounding.Rounded rounded, float[] output) {}

    public FakeQuant(String name, FixedType type) {
        if (!type.isFast()) {
            throw new IllegalArgumentException(name + ": fake quantization needs a type of at most 64 bits, got " + type);
        }
        this.name = name;
        this.rounding = new FakeRounding(type);
        this.cache = new ForwardCache<>(name);
    }

    public String name() {
        return name;
    }

    public FixedType type() {
        return rounding.type();
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        float[] xd = x.data();
        float[] yd = training ? spare.take(xd.length) : new float[xd.length];
        FakeRounding.Rounded r = rounding.apply(xd, yd, null);
        if (training) {
            cache.push(new Pass(r, yd));
        }
        return Tensor.wrap(x.shape(), yd);
    }

    @Override
    public Tensor backward(Tensor gradOut) {
        Pass p = cache.pop();
        float[] g = gradOut.data();
        if (g.length != p.output().length) {
            throw new IllegalArgumentException(name + ": output gradient has " + g.length + " values, expected "
                    + p.output().length);
        }
        Tensor dx = Tensor.wrap(gradOut.shape(), rounding.straightThrough(g, p.rounded()));
        spare.give(p.output());
        return dx;
    }

    @Override
    public void clearCache() {
        cache.clear();
        spare.clear();
    }
}
