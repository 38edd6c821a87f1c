package org.dsodenet.ops.layer;

import java.util.List;
import org.dsodenet.ops.tensor.Tensor;

/** {@code y = x + body(x)}: a residual block; body must keep the shape. */
public final class Residual implements Layer {
    @Override public <R> R accept(LayerVisitor<R> v) { return v.residual(this); }

    private final Layer body;

    public Residual(Layer body) {
        this.body = body;
    }

    @Override
    public String name() {
        return "residual";
    }

    public Layer body() {
        return body;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Tensor fx = body.forward(x, training);
        if (!fx.shape().equals(x.shape())) {
            throw new IllegalArgumentException("residual body maps " + x.shape() + " to " + fx.shape()
                    + ", but a residual keeps the shape");
        }
        return Add.apply(x, fx);
    }

    @Override
    public Tensor backward(Tensor gradOut) {
        Tensor g = body.backward(gradOut);
        return Add.apply(gradOut, g);
    }

    @Override
    public List<Param> params() {
        return body.params();
    }

    @Override
    public void clearCache() {
        body.clearCache();
    }
}
