package org.dsodenet.quant;

import java.util.List;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.ops.layer.ForwardCache;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.LayerVisitor;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.ode.EulerLoop;
import org.dsodenet.ops.tensor.Tensor;

/**
 * The float twin of a quantized Euler ODE block for quantization-aware training: the state is fake-quantized (see
 * {@link FakeQuant}) where the fixed-point block converts it, on entry ({@code z = stateType(x)}) and after every
 * step ({@code z = stateType(z + h·f(z, t_k))}), and the time channel holds {@code t_k} rounded into the state type.
 * Backward differentiates the unrolled steps like {@link org.dsodenet.ops.ode.OdeBlock}, relying on f's cache stack,
 * with the straight-through estimator at every state conversion (zero gradient where the state saturated).
 */
public final class FakeQuantEuler implements Layer {
    @Override public <R> R accept(LayerVisitor<R> v) { return v.other(this); }

    private final Layer f;
    private final EulerLoop loop;
    private final FakeRounding rounding;
    /**
     * Per training forward: what the entry conversion and every step rounded (the block's input, kept by reference
     * as layers keep their inputs, and the updates, which nothing else holds), and where that saturated; and the
     * states it wrote.
     */
    private final ForwardCache<Pass> cache;
    /**
     * States written by training forwards whose backward has run. Nothing reads them any more: f's layers and the
     * layer after the block kept them at most until their own backward, which runs before this one. So the next
     * training forward writes into them instead of new arrays, as {@link FakeQuant} does with its outputs (the
     * states are the largest arrays a QAT step's float pass allocates). States of inference forwards belong to the
     * caller.
     */
    private final SpareArrays spare = new SpareArrays();

    /** What a training forward keeps for its backward: per conversion, what it rounded, and the state it wrote. */
    private record Pass(FakeRounding.Rounded[] rounded, float[][] states) {}

    /** An Euler block of {@code steps} steps of {@code h} whose state is held in {@code stateType}. */
    public FakeQuantEuler(String name, Layer f, int steps, float h, boolean timeChannel, FixedType stateType) {
        if (!stateType.isFast()) {
            throw new IllegalArgumentException(name + ": state type " + stateType + " is wider than 64 bits");
        }
        this.f = f;
        this.loop = new EulerLoop(name, steps, h, timeChannel);
        this.rounding = new FakeRounding(stateType);
        this.cache = new ForwardCache<>(name);
    }

    @Override
    public String name() {
        return loop.name();
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        x.shape().requireRank4();
        Pass pass = training ? new Pass(new FakeRounding.Rounded[loop.steps() + 1], new float[loop.steps() + 1][])
                : null;
        Tensor z0 = fakeQuant(x.data(), x, pass, 0);
        Tensor z = loop.forward(z0, this::time, in -> f.forward(in, training),
                (k, next) -> fakeQuant(next.data(), next, pass, k));
        if (training) {
            cache.push(pass);
        }
        return z;
    }

    /** {@code t_k = k·h} as the fixed-point block feeds it: rounded into the state type. */
    private float time(int k) {
        return rounding.round(k * (double) loop.h());
    }

    private Tensor fakeQuant(float[] v, Tensor like, Pass pass, int slot) {
        float[] out = pass != null ? spare.take(v.length) : new float[v.length];
        FakeRounding.Rounded r = rounding.apply(v, out, null);
        if (pass != null) {
            pass.rounded()[slot] = r;
            pass.states()[slot] = out;
        }
        return Tensor.wrap(like.shape(), out);
    }

    @Override
    public Tensor backward(Tensor gradOut) {
        Pass pass = cache.pop();
        FakeRounding.Rounded[] rounded = pass.rounded();
        // through z(k) = q(z(k-1) + h f(z(k-1))): the straight-through mask of each conversion, then f
        Tensor g = loop.backward(gradOut, f::backward,
                (k, gk) -> Tensor.wrap(gk.shape(), rounding.straightThrough(gk.data(), rounded[k])));
        Tensor dx = Tensor.wrap(g.shape(), rounding.straightThrough(g.data(), rounded[0]));
        for (float[] z : pass.states()) {
            spare.give(z);
        }
        return dx;
    }

    @Override
    public List<Param> params() {
        return f.params();
    }

    @Override
    public void clearCache() {
        cache.clear();
        spare.clear();
        f.clearCache();
    }
}
