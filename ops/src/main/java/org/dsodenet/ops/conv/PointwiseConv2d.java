package org.dsodenet.ops.conv;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.dsodenet.ops.layer.ForwardCache;
import org.dsodenet.ops.layer.Init;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/**
 * Pointwise (1×1) convolution: a matrix product over channels at every pixel. Weights {@code [cOut][cIn]},
 * optional bias {@code [cOut]} (the layouts of {@code QPointwiseConv2d}). Per output element the sum is bias, then
 * input channels in order.
 *
 * <p>Runs on {@link DenseKernel} as a 1×1 convolution (column rows of fixed sample groups), so results do not
 * depend on the thread count.
 */
public final class PointwiseConv2d implements Layer {
    private static final Window ONE = new Window(1, 1, 0);

    private final String name;
    private final int cIn;
    private final int cOut;
    private final Param weight;
    private final Param bias;
    private final ForwardCache<Tensor> cache;

    /** A pointwise convolution with the given weights ({@code bias} may be null); arrays are used, not copied. */
    public PointwiseConv2d(String name, int cIn, int cOut, float[] weight, float[] bias) {
        if (cIn < 1 || cOut < 1) {
            throw new IllegalArgumentException(name + ": channel counts must be positive");
        }
        this.name = name;
        this.cIn = cIn;
        this.cOut = cOut;
        this.weight = new Param(name + ".weight", Shape.of(cOut, cIn), weight);
        this.bias = bias == null ? null : new Param(name + ".bias", Shape.of(cOut), bias);
        this.cache = new ForwardCache<>(name);
    }

    /** He-normal weights (fan-in cIn), zero bias when {@code withBias}. */
    public static PointwiseConv2d init(String name, int cIn, int cOut, boolean withBias, RandomGenerator rng) {
        return new PointwiseConv2d(name, cIn, cOut, Init.heNormal(cOut * cIn, cIn, rng),
                withBias ? new float[cOut] : null);
    }

    public String name() {
        return name;
    }

    public int cIn() {
        return cIn;
    }

    public int cOut() {
        return cOut;
    }

    public Param weight() {
        return weight;
    }

    /** The bias parameter, or null. */
    public Param bias() {
        return bias;
    }

    /** Output shape for an input shape; throws on a channel mismatch. */
    public Shape outputShape(Shape in) {
        in.requireRank4();
        if (in.c() != cIn) {
            throw new IllegalArgumentException(name + ": input has " + in.c() + " channels, expected " + cIn);
        }
        return Shape.nchw(in.n(), cOut, in.h(), in.w());
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Shape os = outputShape(x.shape());
        Columns cols = new Columns(os.n(), cIn, os.h(), os.w(), ONE);
        float[] yd = new float[os.size()];
        DenseKernel.forward(cols, cOut, x.data(), weight.value(), bias == null ? null : bias.value(), yd);
        if (training) {
            cache.push(x);
        }
        return Tensor.wrap(os, yd);
    }

    @Override
    public Tensor backward(Tensor gradOut) {
        Tensor x = cache.pop();
        Shape is = x.shape();
        gradOut.requireShape(outputShape(is), name + " output gradient");
        Columns cols = new Columns(is.n(), cIn, is.h(), is.w(), ONE);
        float[][][] dyRows = DenseKernel.gradRows(cols, cOut, gradOut.data());
        float[] dx = new float[is.size()];
        DenseKernel.inputGrad(cols, cOut, weight.value(), gradOut.data(), dyRows, dx);
        DenseKernel.weightGrad(cols, cOut, x.data(), dyRows, weight.grad());
        if (bias != null) {
            DenseKernel.biasGrad(cols, cOut, dyRows, bias.grad());
        }
        return Tensor.wrap(is, dx);
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
