package org.dsodenet.quant;

import java.util.List;
import org.dsodenet.ops.layer.ForwardCache;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.LayerVisitor;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/**
 * {@code y = x * scale[c] + shift[c]}: an inference batch norm that has no convolution before it to fold into (the
 * post-processing norm after the last ODE block). Its fixed-point twin is {@code QBatchNorm}.
 */
public final class ChannelAffine implements Layer {
    @Override public <R> R accept(LayerVisitor<R> v) { return v.other(this); }

    private final String name;
    private final Param scale;
    private final Param shift;
    private final ForwardCache<Tensor> cache;

    public ChannelAffine(String name, float[] scale, float[] shift) {
        if (scale.length != shift.length) {
            throw new IllegalArgumentException(name + ": scale and shift differ in length");
        }
        this.name = name;
        this.scale = new Param(name + ".scale", Shape.of(scale.length), scale);
        this.shift = new Param(name + ".shift", Shape.of(shift.length), shift);
        this.cache = new ForwardCache<>(name);
    }

    public String name() {
        return name;
    }

    public int channels() {
        return scale.size();
    }

    public Param scale() {
        return scale;
    }

    public Param shift() {
        return shift;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Shape s = x.shape().requireRank4();
        if (s.c() != channels()) {
            throw new IllegalArgumentException(name + ": input has " + s.c() + " channels, expected " + channels());
        }
        float[] xd = x.data();
        float[] yd = new float[xd.length];
        float[] a = scale.value();
        float[] b = shift.value();
        int plane = s.h() * s.w();
        for (int i = 0; i < xd.length; i++) {
            int c = (i / plane) % s.c();
            yd[i] = xd[i] * a[c] + b[c];
        }
        if (training) {
            cache.push(x);
        }
        return Tensor.wrap(s, yd);
    }

    @Override
    public Tensor backward(Tensor gradOut) {
        Tensor x = cache.pop();
        Shape s = x.shape();
        float[] g = gradOut.data();
        float[] xd = x.data();
        float[] gx = new float[g.length];
        float[] a = scale.value();
        double[] ga = new double[channels()];
        double[] gb = new double[channels()];
        int plane = s.h() * s.w();
        for (int i = 0; i < g.length; i++) {
            int c = (i / plane) % s.c();
            gx[i] = g[i] * a[c];
            ga[c] += (double) g[i] * xd[i];
            gb[c] += g[i];
        }
        for (int c = 0; c < channels(); c++) {
            scale.grad()[c] += (float) ga[c];
            shift.grad()[c] += (float) gb[c];
        }
        return Tensor.wrap(s, gx);
    }

    @Override
    public List<Param> params() {
        return List.of(scale, shift);
    }

    @Override
    public void clearCache() {
        cache.clear();
    }
}
