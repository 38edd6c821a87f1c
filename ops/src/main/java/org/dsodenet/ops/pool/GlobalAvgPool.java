package org.dsodenet.ops.pool;

import org.dsodenet.ops.layer.ForwardCache;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.LayerVisitor;
import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/**
 * Mean over each channel's H×W map: (N, C, H, W) to (N, C, 1, 1). The sum runs in row-major order in float, then
 * one multiplication by {@code 1/(H·W)}, mirroring {@code QGlobalAvgPool}.
 */
public final class GlobalAvgPool implements Layer {
    @Override public <R> R accept(LayerVisitor<R> v) { return v.pool(this); }

    private final ForwardCache<Shape> cache;

    private final String name;

    public GlobalAvgPool(String name) {
        this.name = name;
        this.cache = new ForwardCache<>(name);
    }

    public String name() {
        return name;
    }

    public GlobalAvgPool() {
        this("gap");
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Shape s = x.shape().requireRank4();
        int planes = s.n() * s.c();
        int plane = s.h() * s.w();
        float recip = 1f / plane;
        float[] xd = x.data();
        float[] yd = new float[planes];
        for (int t = 0; t < planes; t++) {
            float acc = 0f;
            for (int i = t * plane; i < (t + 1) * plane; i++) {
                acc += xd[i];
            }
            yd[t] = acc * recip;
        }
        if (training) {
            cache.push(s);
        }
        return Tensor.wrap(Shape.nchw(s.n(), s.c(), 1, 1), yd);
    }

    @Override
    public Tensor backward(Tensor gradOut) {
        Shape s = cache.pop();
        gradOut.requireShape(Shape.nchw(s.n(), s.c(), 1, 1), "pool output gradient");
        int plane = s.h() * s.w();
        float recip = 1f / plane;
        float[] gd = gradOut.data();
        float[] dx = Outputs.take(s.size());
        for (int t = 0; t < gd.length; t++) {
            float v = gd[t] * recip;
            for (int i = t * plane; i < (t + 1) * plane; i++) {
                dx[i] = v;
            }
        }
        return Tensor.wrap(s, dx);
    }

    @Override
    public void clearCache() {
        cache.clear();
    }
}
