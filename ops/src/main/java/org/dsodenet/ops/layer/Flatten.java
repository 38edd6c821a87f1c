package org.dsodenet.ops.layer;

import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/** (N, ...) to (N, F) without moving data (CHW order of the features is kept). */
public final class Flatten implements Layer {
    @Override public <R> R accept(LayerVisitor<R> v) { return v.flatten(this); }

    private final ForwardCache<Shape> cache = new ForwardCache<>("flatten");

    @Override
    public String name() {
        return "flatten";
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Shape s = x.shape();
        if (training) {
            cache.push(s);
        }
        return x.reshape(Shape.of(s.n(), s.perSample()));
    }

    @Override
    public Tensor backward(Tensor gradOut) {
        Shape s = cache.pop();
        gradOut.requireShape(Shape.of(s.n(), s.perSample()), "flatten output gradient");
        return gradOut.reshape(s);
    }

    @Override
    public void clearCache() {
        cache.clear();
    }
}
