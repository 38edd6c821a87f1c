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
 * Pointwise (1×1) convolution: a matrix product over channels at every pixel. Weights {@code [cOut][cIn]},
 * optional bias {@code [cOut]} (the layouts of {@code QPointwiseConv2d}). Per output element the sum is bias, then
 * input channels in order.
 *
 * <p>Parallel work items: forward one per (sample, output channel) plane, input gradient one per (sample, input
 * channel) plane, weight gradient one per output channel looping over the batch in order. Each item streams whole
 * planes with a scalar weight (axpy), which keeps the innermost loop contiguous.
 */
public final class PointwiseConv2d implements Layer {
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
        final int plane = os.h() * os.w();
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
                PlaneKernels.axpy(wd[oc * cIn + ic], xd, (n * cIn + ic) * plane, yd, yo, plane);
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
        final int plane = is.h() * is.w();
        final float[] xd = x.data();
        final float[] gd = gradOut.data();
        final float[] wd = weight.value();
        final float[] dx = new float[is.size()];
        Parallel.forEach(batch * cIn, t -> {
            int n = t / cIn;
            int ic = t % cIn;
            for (int oc = 0; oc < cOut; oc++) {
                PlaneKernels.axpy(wd[oc * cIn + ic], gd, (n * cOut + oc) * plane, dx, t * plane, plane);
            }
        });
        final float[] wg = weight.grad();
        final float[] bg = bias == null ? null : bias.grad();
        Parallel.forEach(cOut, oc -> {
            float[] acc = new float[plane];
            for (int ic = 0; ic < cIn; ic++) {
                Arrays.fill(acc, 0f);
                for (int n = 0; n < batch; n++) {
                    PlaneKernels.mulAcc(gd, (n * cOut + oc) * plane, xd, (n * cIn + ic) * plane, acc, 0, plane);
                }
                wg[oc * cIn + ic] += PlaneKernels.sum(acc, 0, plane);
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
