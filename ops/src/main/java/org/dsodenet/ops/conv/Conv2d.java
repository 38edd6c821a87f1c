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
 * Dense k×k convolution, NCHW. Weights {@code [cOut][cIn][k][k]}, optional bias {@code [cOut]} (the layouts of
 * {@code QConv2d}). Per output element the sum is bias, then input channels in order, then taps in order.
 *
 * <p>Runs on {@link DenseKernel}: column rows of fixed sample groups, so results do not depend on the thread
 * count. Zero padding enters as zero-valued columns.
 */
public final class Conv2d implements Layer {
    @Override public <R> R accept(LayerVisitor<R> v) { return v.conv(this); }

    private final DenseConv core;

    /** A convolution with the given weights ({@code bias} may be null); the arrays are used, not copied. */
    public Conv2d(String name, int cIn, int cOut, Window win, float[] weight, float[] bias) {
        this.core = new DenseConv(name, cIn, cOut, win, Shape.of(cOut, cIn, win.k(), win.k()), weight, bias);
    }

    /** He-normal weights, zero bias when {@code withBias}. */
    public static Conv2d init(String name, int cIn, int cOut, Window win, boolean withBias, RandomGenerator rng) {
        int fanIn = cIn * win.k() * win.k();
        return new Conv2d(name, cIn, cOut, win, Init.heNormal(cOut * fanIn, fanIn, rng),
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

    public Window window() {
        return core.win;
    }

    public Param weight() {
        return core.weight;
    }

    /** The bias parameter, or null. */
    public Param bias() {
        return core.bias;
    }

    /** Output shape for an input shape; throws on a channel mismatch or a kernel that does not fit. */
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
