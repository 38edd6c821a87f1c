package org.dsodenet.ops.conv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.dsodenet.ops.layer.ForwardCache;
import org.dsodenet.ops.layer.Init;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.parallel.Parallel;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/**
 * Depthwise k×k convolution (groups = channels): output channel c sees only input channel c. Weights
 * {@code [c][k][k]}, optional bias {@code [c]} (the layouts of {@code QDepthwiseConv2d}).
 *
 * <p>Parallel work items: forward and input gradient one per (sample, channel) plane; weight gradient one per
 * channel, looping over the batch in order.
 */
public final class DepthwiseConv2d implements Layer {
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
        final int h = x.shape().h();
        final int w = x.shape().w();
        final int oh = os.h();
        final int ow = os.w();
        final int plane = oh * ow;
        final int kk = win.k() * win.k();
        final float[] xd = x.data();
        final float[] wd = weight.value();
        final float[] bd = bias == null ? null : bias.value();
        final float[] yd = new float[os.size()];
        Parallel.forEach(os.n() * channels, t -> {
            int c = t % channels;
            int yo = t * plane;
            if (bd != null) {
                Arrays.fill(yd, yo, yo + plane, bd[c]);
            }
            PlaneKernels.correlateAdd(xd, t * h * w, h, w, wd, c * kk, win, yd, yo, oh, ow);
        });
        if (training) {
            cache.push(x);
        }
        return Tensor.wrap(os, yd);
    }

    @Override
    public Tensor backward(Tensor gradOut) {
        Tensor x = cache.pop();
        Shape is = x.shape();
        Shape os = outputShape(is);
        gradOut.requireShape(os, name + " output gradient");
        final int batch = is.n();
        final int h = is.h();
        final int w = is.w();
        final int oh = os.h();
        final int ow = os.w();
        final int plane = oh * ow;
        final int inPlane = h * w;
        final int kk = win.k() * win.k();
        final float[] xd = x.data();
        final float[] gd = gradOut.data();
        final float[] wd = weight.value();
        final float[] dx = new float[is.size()];
        Parallel.forEach(batch * channels, t -> {
            int c = t % channels;
            PlaneKernels.scatterAdd(gd, t * plane, oh, ow, wd, c * kk, win, dx, t * inPlane, h, w);
        });
        final float[] wg = weight.grad();
        final float[] bg = bias == null ? null : bias.grad();
        Parallel.forEach(channels, c -> {
            float[] acc = new float[kk * ow];
            for (int n = 0; n < batch; n++) {
                int t = n * channels + c;
                PlaneKernels.tapGradAccumulate(xd, t * inPlane, h, w, gd, t * plane, oh, ow, win, acc, 0);
            }
            for (int tap = 0; tap < kk; tap++) {
                wg[c * kk + tap] += PlaneKernels.sum(acc, tap * ow, ow);
            }
            if (bg != null) {
                bg[c] += PlaneKernels.channelSum(gd, c, batch, channels, plane);
            }
        });
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
