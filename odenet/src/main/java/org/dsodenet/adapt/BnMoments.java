package org.dsodenet.adapt;

import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/**
 * Per-channel count, sum and sum of squares (in double) of every tensor a batch norm was given, pooled over images,
 * positions and, inside an ODE function, every evaluation of the function.
 */
public final class BnMoments {
    private final double[] sum;
    private final double[] sumSq;
    private long count;

    public BnMoments(int channels) {
        sum = new double[channels];
        sumSq = new double[channels];
    }

    /** Adds every value of an (N, C, H, W) tensor to its channel. */
    public void add(Tensor x) {
        Shape s = x.shape();
        int c = s.c();
        if (c != sum.length) {
            throw new IllegalArgumentException("moments of " + sum.length + " channels given " + s);
        }
        int plane = s.h() * s.w();
        float[] d = x.data();
        for (int n = 0; n < s.n(); n++) {
            for (int ch = 0; ch < c; ch++) {
                int off = (n * c + ch) * plane;
                double a = 0;
                double b = 0;
                for (int i = 0; i < plane; i++) {
                    double v = d[off + i];
                    a += v;
                    b += v * v;
                }
                sum[ch] += a;
                sumSq[ch] += b;
            }
        }
        count += (long) s.n() * plane;
    }

    public long count() {
        return count;
    }

    public double mean(int c) {
        return sum[c] / count;
    }

    /** The biased (population) variance: what the batch norm should divide by for exactly these inputs. */
    public double variance(int c) {
        double m = mean(c);
        return Math.max(0, sumSq[c] / count - m * m);
    }

    public int channels() {
        return sum.length;
    }
}
