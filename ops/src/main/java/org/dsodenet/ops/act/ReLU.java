package org.dsodenet.ops.act;

import org.dsodenet.ops.layer.ForwardCache;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.LayerVisitor;
import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.tensor.Tensor;

/**
 * {@code max(x, 0)} element-wise; the gradient passes where the input was positive (0 at exactly 0). Both loops
 * are branch-free ({@code Math.max}, {@code Math.min} and multiplications), which the JIT turns into SIMD code; a
 * data-dependent branch would be mispredicted about half the time on activations.
 */
public final class ReLU implements Layer {
    @Override public <R> R accept(LayerVisitor<R> v) { return v.relu(this); }

    private final ForwardCache<Tensor> cache;

    private final String name;

    public ReLU(String name) {
        this.name = name;
        this.cache = new ForwardCache<>(name);
    }

    public String name() {
        return name;
    }

    public ReLU() {
        this("relu");
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        float[] xd = x.data();
        float[] yd = Outputs.take(xd.length);
        for (int i = 0; i < xd.length; i++) {
            yd[i] = Math.max(xd[i], 0f);
        }
        if (training) {
            cache.push(x);
        }
        return Tensor.wrap(x.shape(), yd);
    }

    @Override
    public Tensor backward(Tensor gradOut) {
        Tensor x = cache.pop();
        gradOut.requireShape(x.shape(), "relu output gradient");
        float[] xd = x.data();
        float[] gd = gradOut.data();
        float[] dx = Outputs.take(xd.length);
        for (int i = 0; i < xd.length; i++) {
            // step(x): scaling by 2^254 lifts even the smallest subnormal above 1, so the clamp gives exactly 1
            // for every x > 0 and 0 for x <= 0 (also -0.0)
            float step = Math.min(Math.max(xd[i] * 0x1p127f * 0x1p127f, 0f), 1f);
            dx[i] = gd[i] * step;
        }
        return Tensor.wrap(x.shape(), dx);
    }

    @Override
    public void clearCache() {
        cache.clear();
    }
}
