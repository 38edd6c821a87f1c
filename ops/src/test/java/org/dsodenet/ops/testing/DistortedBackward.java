package org.dsodenet.ops.testing;

import java.util.List;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.LayerVisitor;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.tensor.Tensor;

/** Wraps a layer and scales its input and parameter gradients: a gradient checker must catch the difference. */
public record DistortedBackward(Layer inner, float inputFactor, float paramFactor) implements Layer {
    @Override public <R> R accept(LayerVisitor<R> v) { return v.other(this); }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        return inner.forward(x, training);
    }

    @Override
    public Tensor backward(Tensor gradOut) {
        Tensor g = inner.backward(gradOut);
        for (int i = 0; i < g.size(); i++) {
            g.data()[i] *= inputFactor;
        }
        for (Param p : inner.params()) {
            for (int i = 0; i < p.size(); i++) {
                p.grad()[i] *= paramFactor;
            }
        }
        return g;
    }

    @Override
    public List<Param> params() {
        return inner.params();
    }

    @Override
    public void clearCache() {
        inner.clearCache();
    }
}
