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
 */
public final class FakeQuant implements Layer {
    @Override public <R> R accept(LayerVisitor<R> v) { return v.other(this); }

    private final String name;
    private final FakeRounding rounding;
    /** Per training forward, the tensor it rounded and where that saturated. */
    private final ForwardCache<FakeRounding.Rounded> cache;

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
        float[] yd = new float[xd.length];
        FakeRounding.Rounded r = rounding.apply(xd, yd, null);
        if (training) {
            cache.push(r);
        }
        return Tensor.wrap(x.shape(), yd);
    }

    @Override
    public Tensor backward(Tensor gradOut) {
        FakeRounding.Rounded r = cache.pop();
        float[] g = gradOut.data();
        if (g.length != r.values().length) {
            throw new IllegalArgumentException(name + ": output gradient has " + g.length + " values, expected "
                    + r.values().length);
        }
        return Tensor.wrap(gradOut.shape(), rounding.straightThrough(g, r));
    }

    @Override
    public void clearCache() {
        cache.clear();
    }
}
