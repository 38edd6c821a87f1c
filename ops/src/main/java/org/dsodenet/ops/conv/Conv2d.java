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
 * Dense k×k convolution, NCHW. Weights {@code [cOut][cIn][k][k]}, optional bias {@code [cOut]} (the layouts of
 * {@code QConv2d}). Per output element the sum is bias, then input channels in order, then taps in order.
 *
 * <p>Parallel work items: forward one per (sample, output channel) plane; input gradient one per (sample, input
 * channel) plane; weight gradient one per output channel, looping over the batch in order.
 */
public final class Conv2d implements Layer {
    private final String name;
    private final int cIn;
    private final int cOut;
    private final Window win;
    private final Param weight;
    private final Param bias;
    private final ForwardCache<Tensor> cache;

    /** A convolution with the given weights ({@code bias} may be null); the arrays are used, not copied. */
    public Conv2d(String name, int cIn, int cOut, Window win, float[] weight, float[] bias) {
        if (cIn < 1 || cOut < 1) {
            throw new IllegalArgumentException(name + ": channel counts must be positive");
        }
        this.name = name;
        this.cIn = cIn;
        this.cOut = cOut;
        this.win = win;
        this.weight = new Param(name + ".weight", Shape.of(cOut, cIn, win.k(), win.k()), weight);
        this.bias = bias == null ? null : new Param(name + ".bias", Shape.of(cOut), bias);
        this.cache = new ForwardCache<>(name);
    }

    /** He-normal weights, zero bias when {@code withBias}. */
    public static Conv2d init(String name, int cIn, int cOut, Window win, boolean withBias, RandomGenerator rng) {
        int fanIn = cIn * win.k() * win.k();
        return new Conv2d(name, cIn, cOut, win, Init.heNormal(cOut * fanIn, fanIn, rng),
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
        if (in.c() != cIn) {
            throw new IllegalArgumentException(name + ": input has " + in.c() + " channels, expected " + cIn);
        }
        return Shape.nchw(in.n(), cOut, win.outSize(in.h()), win.outSize(in.w()));
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
        Parallel.forEach(os.n() * cOut, t -> {
            int n = t / cOut;
            int oc = t % cOut;
            int yo = t * plane;
            if (bd != null) {
                Arrays.fill(yd, yo, yo + plane, bd[oc]);
            }
            for (int ic = 0; ic < cIn; ic++) {
                PlaneKernels.correlateAdd(xd, (n * cIn + ic) * h * w, h, w, wd, (oc * cIn + ic) * kk, win, yd, yo,
                        oh, ow);
            }
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
        Parallel.forEach(batch * cIn, t -> {
            int n = t / cIn;
            int ic = t % cIn;
            for (int oc = 0; oc < cOut; oc++) {
                PlaneKernels.scatterAdd(gd, (n * cOut + oc) * plane, oh, ow, wd, (oc * cIn + ic) * kk, win, dx,
                        t * inPlane, h, w);
            }
        });
        final float[] wg = weight.grad();
        final float[] bg = bias == null ? null : bias.grad();
        Parallel.forEach(cOut, oc -> {
            float[] acc = new float[kk * ow];
            for (int ic = 0; ic < cIn; ic++) {
                Arrays.fill(acc, 0f);
                for (int n = 0; n < batch; n++) {
                    PlaneKernels.tapGradAccumulate(xd, (n * cIn + ic) * inPlane, h, w, gd, (n * cOut + oc) * plane,
                            oh, ow, win, acc, 0);
                }
                int wo = (oc * cIn + ic) * kk;
                for (int tap = 0; tap < kk; tap++) {
                    wg[wo + tap] += PlaneKernels.sum(acc, tap * ow, ow);
                }
            }
            if (bg != null) {
                bg[oc] += PlaneKernels.channelSum(gd, oc, batch, cOut, plane);
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
