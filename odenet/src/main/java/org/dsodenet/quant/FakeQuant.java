package org.dsodenet.quant;

import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
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
    private final FixedType type;
    private final FixedType rounding;
    private final ForwardCache<boolean[]> cache;

    public FakeQuant(String name, FixedType type) {
        if (!type.isFast()) {
            throw new IllegalArgumentException(name + ": fake quantization needs a type of at most 64 bits, got " + type);
        }
        this.name = name;
        this.type = type;
        this.rounding = type.withModes(QuantMode.AP_RND_CONV, OverflowMode.AP_SAT, 0);
        this.cache = new ForwardCache<>(name);
    }

    public String name() {
        return name;
    }

    public FixedType type() {
        return type;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        float[] xd = x.data();
        float[] yd = new float[xd.length];
        boolean[] pass = training ? new boolean[xd.length] : null;
        quantize(xd, yd, pass, rounding, type);
        if (training) {
            cache.push(pass);
        }
        return Tensor.wrap(x.shape(), yd);
    }

    /** Rounds {@code x} into {@code t} and back; {@code pass[i]} (if given) tells whether x[i] was within range. */
    static void quantize(float[] x, float[] y, boolean[] pass, FixedType rounding, FixedType t) {
        double lo = t.minValue();
        double hi = t.maxValue();
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("cannot fake-quantize a non-finite activation " + v);
            }
            y[i] = (float) Fx.toDouble(Fx.fromDouble(v, rounding), t);
            if (pass != null) {
                pass[i] = v >= lo && v <= hi;
            }
        }
    }

    @Override
    public Tensor backward(Tensor gradOut) {
        boolean[] pass = cache.pop();
        float[] g = gradOut.data();
        if (g.length != pass.length) {
            throw new IllegalArgumentException(name + ": output gradient has " + g.length + " values, expected "
                    + pass.length);
        }
        return Tensor.wrap(gradOut.shape(), mask(g, pass));
    }

    static float[] mask(float[] g, boolean[] pass) {
        float[] out = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = pass[i] ? g[i] : 0f;
        }
        return out;
    }

    @Override
    public void clearCache() {
        cache.clear();
    }
}
