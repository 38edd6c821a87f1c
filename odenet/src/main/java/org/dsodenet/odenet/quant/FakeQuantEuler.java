package org.dsodenet.odenet.quant;

import java.util.List;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.ops.layer.ForwardCache;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.ode.TimeChannel;
import org.dsodenet.ops.tensor.Tensor;

/**
 * The float twin of a quantized Euler ODE block for quantization-aware training: the state is fake-quantized (see
 * {@link FakeQuant}) where the fixed-point block converts it, on entry ({@code z = stateType(x)}) and after every
 * step ({@code z = stateType(z + h·f(z, t_k))}), and the time channel holds {@code t_k} rounded into the state type.
 * Backward differentiates the unrolled steps like {@link org.dsodenet.ops.ode.OdeBlock}, relying on f's cache stack,
 * with the straight-through estimator at every state conversion (zero gradient where the state saturated).
 */
public final class FakeQuantEuler implements Layer {
    private final String name;
    private final Layer f;
    private final int steps;
    private final float h;
    private final boolean timeChannel;
    private final FixedType state;
    private final FixedType rounding;
    /** Per training forward: the pass masks of the entry conversion and of every step. */
    private final ForwardCache<boolean[][]> cache;

    /** An Euler block of {@code steps} steps of {@code h} whose state is held in {@code stateType}. */
    public FakeQuantEuler(String name, Layer f, int steps, float h, boolean timeChannel, FixedType stateType) {
        if (steps < 1) {
            throw new IllegalArgumentException(name + ": steps must be at least 1, got " + steps);
        }
        if (!stateType.isFast()) {
            throw new IllegalArgumentException(name + ": state type " + stateType + " is wider than 64 bits");
        }
        this.name = name;
        this.f = f;
        this.steps = steps;
        this.h = h;
        this.timeChannel = timeChannel;
        this.state = stateType;
        this.rounding = stateType.withModes(QuantMode.AP_RND_CONV, OverflowMode.AP_SAT, 0);
        this.cache = new ForwardCache<>(name);
    }

    public String name() {
        return name;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        x.shape().requireRank4();
        boolean[][] masks = training ? new boolean[steps + 1][] : null;
        Tensor z = fakeQuant(x.data(), x, masks, 0);
        for (int k = 0; k < steps; k++) {
            Tensor in = timeChannel ? TimeChannel.append(z, time(k)) : z;
            Tensor dz = f.forward(in, training);
            if (!dz.shape().equals(z.shape())) {
                throw new IllegalArgumentException(name + ": f maps state " + z.shape() + " to " + dz.shape()
                        + ", but an ODE state keeps its shape");
            }
            float[] zd = z.data();
            float[] fd = dz.data();
            float[] next = new float[zd.length];
            for (int i = 0; i < next.length; i++) {
                next[i] = zd[i] + h * fd[i];
            }
            z = fakeQuant(next, z, masks, k + 1);
        }
        if (training) {
            cache.push(masks);
        }
        return z;
    }

    /** {@code t_k = k·h} as the fixed-point block feeds it: rounded into the state type. */
    private float time(int k) {
        return (float) Fx.toDouble(Fx.fromDouble(k * (double) h, rounding), state);
    }

    private Tensor fakeQuant(float[] v, Tensor like, boolean[][] masks, int slot) {
        float[] out = new float[v.length];
        boolean[] pass = masks == null ? null : new boolean[v.length];
        FakeQuant.quantize(v, out, pass, rounding, state);
        if (masks != null) {
            masks[slot] = pass;
        }
        return Tensor.wrap(like.shape(), out);
    }

    @Override
    public Tensor backward(Tensor gradOut) {
        boolean[][] masks = cache.pop();
        Tensor g = gradOut;
        for (int k = steps - 1; k >= 0; k--) {
            // through z(k+1) = q(z(k) + h f(z(k))): dL/dz(k) = m ⊙ g + J_f^T (h · m ⊙ g)
            float[] gm = FakeQuant.mask(g.data(), masks[k + 1]);
            float[] scaled = new float[gm.length];
            for (int i = 0; i < gm.length; i++) {
                scaled[i] = h * gm[i];
            }
            Tensor gin = f.backward(Tensor.wrap(g.shape(), scaled));
            if (timeChannel) {
                gin = TimeChannel.dropLast(gin);
            }
            float[] gi = gin.data();
            for (int i = 0; i < gm.length; i++) {
                gm[i] += gi[i];
            }
            g = Tensor.wrap(g.shape(), gm);
        }
        return Tensor.wrap(g.shape(), FakeQuant.mask(g.data(), masks[0]));
    }

    @Override
    public List<Param> params() {
        return f.params();
    }

    @Override
    public void clearCache() {
        cache.clear();
        f.clearCache();
    }
}
