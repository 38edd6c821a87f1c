package org.dsodenet.ops.conv;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.dsodenet.ops.layer.ForwardCache;
import org.dsodenet.ops.layer.Init;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.LayerVisitor;
import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/**
 * Depthwise k×k convolution (groups = channels): output channel c sees only input channel c. Weights
 * {@code [c][k][k]}, optional bias {@code [c]} (the layouts of {@code QDepthwiseConv2d}).
 *
 * <p>Windows that keep the map size at stride 1 (3×3 pad 1, as in dsODENet) run forward on
 * {@link DepthwisePlaneForward} (and so does the input gradient, with the kernel rotated), the weight gradient on
 * {@link DepthwisePlaneKernel} (both on tall planes, the same floats forward; maps of at most 64 positions run the
 * forward and the input gradient on channel rows, {@link StackedForward}); other stride-1 windows run forward and
 * the input gradient on {@link DepthwiseRowKernel} (frame rows), other strides on {@link DepthwiseKernel} (column
 * rows), which also computes their weight gradient. Sample groups are fixed by the geometry, so results do not
 * depend on the thread count.
 */
public final class DepthwiseConv2d implements Layer {
    @Override public <R> R accept(LayerVisitor<R> v) { return v.depthwise(this); }

    private final String name;
    private final int channels;
    private final Window win;
    private final Param weight;
    private final Param bias;
    private final ForwardCache<Tensor> cache;

    /** A depthwise convolution with the given weights ({@code bias} may be null); arrays are used, not copied. */
    public DepthwiseConv2d(String name, int channels, Window win, float[] weight, float[] bias) {
        if (channels < 1) {
            throw new IllegalArgumentException(name + ": channel count must be positive");
        }
        this.name = name;
        this.channels = channels;
        this.win = win;
        this.weight = new Param(name + ".weight", Shape.of(channels, win.k(), win.k()), weight);
        this.bias = bias == null ? null : new Param(name + ".bias", Shape.of(channels), bias);
        this.cache = new ForwardCache<>(name);
    }

    /** He-normal weights (fan-in k·k), zero bias when {@code withBias}. */
    public static DepthwiseConv2d init(String name, int channels, Window win, boolean withBias,
                                       RandomGenerator rng) {
        int fanIn = win.k() * win.k();
        return new DepthwiseConv2d(name, channels, win, Init.heNormal(channels * fanIn, fanIn, rng),
                withBias ? new float[channels] : null);
    }

    public String name() {
        return name;
    }

    public int channels() {
        return channels;
    }

    public Window window() {
        return win;
    }

    public Param weight() {
        return weight;
    }

    /** The bias parameter, or null. */
    public Param bias() {
        return bias;
    }

    /** Output shape for an input shape; throws on a channel mismatch or a kernel that does not fit. */
    public Shape outputShape(Shape in) {
        in.requireRank4();
        if (in.c() != channels) {
            throw new IllegalArgumentException(name + ": input has " + in.c() + " channels, expected " + channels);
        }
        return Shape.nchw(in.n(), channels, win.outSize(in.h()), win.outSize(in.w()));
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Shape os = outputShape(x.shape());
        float[] yd = Outputs.take(os.size());
        float[] b = bias == null ? null : bias.value();
        if (TallPlanes.fits(win)) {
            TallPlanes planes = new TallPlanes(os.n(), channels, x.shape().h(), x.shape().w(), win);
            DepthwisePlaneForward.forward(planes, x.data(), weight.value(), b, yd, null);
        } else if (win.stride() == 1) {
            FrameRows rows = new FrameRows(os.n(), channels, x.shape().h(), x.shape().w(), win);
            DepthwiseRowKernel.forward(rows, x.data(), weight.value(), b, yd);
        } else {
            Columns cols = new Columns(os.n(), channels, x.shape().h(), x.shape().w(), win);
            DepthwiseKernel.forward(cols, x.data(), weight.value(), b, yd);
        }
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
        Columns cols = new Columns(is.n(), channels, is.h(), is.w(), win, win.stride() == 1);
        // stride 1 runs on a forward path, which writes every element; col2im adds onto zeros
        float[] dx = win.stride() == 1 ? Outputs.take(is.size()) : Outputs.zeroed(is.size());
        float[] bg = bias == null ? null : bias.grad();
        if (TallPlanes.fits(win)) {
            TallPlanes planes = new TallPlanes(is.n(), channels, is.h(), is.w(), win);
            DepthwiseKernel.inputGrad(cols, weight.value(), gradOut.data(), dx);
            DepthwisePlaneKernel.paramGrad(planes, x.data(), gradOut.data(), weight.grad(), bg);
        } else {
            DepthwiseKernel.inputGrad(cols, weight.value(), gradOut.data(), dx);
            DepthwiseKernel.paramGrad(cols, x.data(), gradOut.data(), weight.grad(), bg);
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
