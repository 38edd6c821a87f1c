package org.dsodenet.ops.layer;

import java.util.ArrayList;
import java.util.List;
import org.dsodenet.ops.tensor.Tensor;

/** Layers applied one after the other; backward runs them in reverse. */
public final class Sequential implements Layer {
    @Override public <R> R accept(LayerVisitor<R> v) { return v.sequential(this); }

    private final List<Layer> layers;

    public Sequential(List<Layer> layers) {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("a Sequential needs at least one layer");
        }
        this.layers = List.copyOf(layers);
    }

    public Sequential(Layer... layers) {
        this(List.of(layers));
    }

    @Override
    public String name() {
        return "sequential";
    }

    public List<Layer> layers() {
        return layers;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Tensor y = x;
        for (Layer l : layers) {
            y = l.forward(y, training);
        }
        return y;
    }

    @Override
    public Tensor backward(Tensor gradOut) {
        Tensor g = gradOut;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g);
        }
        return g;
    }

    @Override
    public List<Param> params() {
        List<Param> all = new ArrayList<>();
        for (Layer l : layers) {
            all.addAll(l.params());
        }
        return List.copyOf(all);
    }

    @Override
    public void clearCache() {
        for (Layer l : layers) {
            l.clearCache();
        }
    }
}
