package org.dsodenet.ops.conv;

import java.util.List;
import java.util.random.RandomGenerator;
import org.dsodenet.ops.layer.Init;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.LayerVisitor;
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
    @Override public <R> R accept(LayerVisitor<R> v) { return v.pointwise(this); }

    private static final Window ONE = new Window(1, 1, 0);

    private final DenseConv core;

    /** A pointwise convolution with the given weights ({@code bias} may be null); arrays are used, not copied. */
    public PointwiseConv2d(String name, int cIn, int cOut, float[] weight, float[] bias) {
        this.core = new DenseConv(name, cIn, cOut, ONE, Shape.of(cOut, cIn), weight, bias);
    }

    /** He-normal weights (fan-in cIn), zero bias when {@code withBias}. */
    public static PointwiseConv2d init(String name, int cIn, int cOut, boolean withBias, RandomGenerator rng) {
        return new PointwiseConv2d(name, cIn, cOut, Init.heNormal(cOut * cIn, cIn, rng),
                withBias ? new float[cOut] : null);
    }

    public String name() {
        return core.name;
    }

    public int cIn() {
        return core.cIn;
    }

    public int cOut() {
        return core.cOut;
    }

    public Param weight() {
        return core.weight;
    }

    /** The bias parameter, or null. */
    public Param bias() {
        return core.bias;
    }

    /** Output shape for an input shape; throws on a channel mismatch. */
    public Shape outputShape(Shape in) {
        return core.outputShape(in);
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        return core.forward(x, training);
    }

    @Override
    public Tensor backward(Tensor gradOut) {
        return core.backward(gradOut);
    }

    @Override
    public List<Param> params() {
        return core.params();
    }

    @Override
    public void clearCache() {
        core.clearCache();
    }
}
