package org.dsodenet.ops.linear;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.dsodenet.ops.layer.ForwardCache;
import org.dsodenet.ops.layer.Init;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.LayerVisitor;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.parallel.Parallel;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/**
 * Fully connected layer over the flattened sample (any rank ≥ 2 input, features in row-major order). Output
 * (N, out). Weights {@code [out][in]}, optional bias {@code [out]} (the layouts of {@code QLinear}); per output the
 * sum is bias, then inputs in order.
 */
public final class Linear implements Layer {
    @Override public <R> R accept(LayerVisitor<R> v) { return v.linear(this); }

    private final String name;
    private final int in;
    private final int out;
    private final Param weight;
    private final Param bias;
    private final ForwardCache<Tensor> cache;

    /** A linear layer with the given weights ({@code bias} may be null); arrays are used, not copied. */
    public Linear(String name, int in, int out, float[] weight, float[] bias) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException(name + ": feature counts must be positive");
        }
        this.name = name;
        this.in = in;
        this.out = out;
        this.weight = new Param(name + ".weight", Shape.of(out, in), weight);
        this.bias = bias == null ? null : new Param(name + ".bias", Shape.of(out), bias);
        this.cache = new ForwardCache<>(name);
    }

    /** He-normal weights, zero bias when {@code withBias}. */
    public static Linear init(String name, int in, int out, boolean withBias, RandomGenerator rng) {
        return new Linear(name, in, out, Init.heNormal(out * in, in, rng), withBias ? new float[out] : null);
    }

    public String name() {
        return name;
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    public Param weight() {
        return weight;
    }

    /** The bias parameter, or null. */
    public Param bias() {
        return bias;
    }

    private void checkInput(Shape s) {
        if (s.rank() < 2 || s.perSample() != in) {
            throw new IllegalArgumentException(name + ": input " + s + " has " + s.perSample()
                    + " features per sample, expected " + in);
        }
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        checkInput(x.shape());
        final int batch = x.shape().n();
        final float[] xd = x.data();
        final float[] wd = weight.value();
        final float[] bd = bias == null ? null : bias.value();
        final float[] yd = new float[batch * out];
        Parallel.forEach(batch, n -> {
            int xo = n * in;
            for (int o = 0; o < out; o++) {
                float acc = bd == null ? 0f : bd[o];
                int wo = o * in;
                for (int i = 0; i < in; i++) {
                    acc += wd[wo + i] * xd[xo + i];
                }
                yd[n * out + o] = acc;
            }
        });
        if (training) {
            cache.push(x);
        }
        return Tensor.wrap(Shape.of(batch, out), yd);
    }

    @Override
    public Tensor backward(Tensor gradOut) {
        Tensor x = cache.pop();
        final int batch = x.shape().n();
        gradOut.requireShape(Shape.of(batch, out), name + " output gradient");
        final float[] xd = x.data();
        final float[] gd = gradOut.data();
        final float[] wd = weight.value();
        final float[] dx = new float[xd.length];
        Parallel.forEach(batch, n -> {
            int xo = n * in;
            for (int o = 0; o < out; o++) {
                float g = gd[n * out + o];
                int wo = o * in;
                for (int i = 0; i < in; i++) {
                    dx[xo + i] += g * wd[wo + i];
                }
            }
        });
        final float[] wg = weight.grad();
        final float[] bg = bias == null ? null : bias.grad();
        Parallel.forEach(out, o -> {
            int wo = o * in;
            for (int n = 0; n < batch; n++) {
                float g = gd[n * out + o];
                int xo = n * in;
                for (int i = 0; i < in; i++) {
                    wg[wo + i] += g * xd[xo + i];
                }
                if (bg != null) {
                    bg[o] += g;
                }
            }
        });
        return Tensor.wrap(x.shape(), dx);
    }

    @Override
    public List<Param> params() {
        List<Param> ps = new ArrayList<>(2);
        ps.add(weight);
        if (bias != null) {
            ps.add(bias);
        }
        return List.copyOf(ps);
    }

    @Override
    public void clearCache() {
        cache.clear();
    }
}
