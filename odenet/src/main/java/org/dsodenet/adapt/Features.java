package org.dsodenet.adapt;

import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/** A batch of feature vectors: (N, F), (N, F, 1, 1) or any (N, ...) read as N rows of its per-sample size. */
final class Features {
    final int rows;
    final int cols;
    /** Row-major copy in double. */
    final double[] data;

    private Features(int rows, int cols, double[] data) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    static Features of(Tensor t, String what) {
        if (t == null) {
            throw new IllegalArgumentException(what + " features are missing");
        }
        Shape s = t.shape();
        if (s.rank() < 2) {
            throw new IllegalArgumentException(what + " features need shape (N, F), got " + s);
        }
        float[] f = t.data();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            if (!Float.isFinite(f[i])) {
                throw new IllegalArgumentException(what + " feature " + i + " is " + f[i]);
            }
            d[i] = f[i];
        }
        return new Features(s.n(), s.perSample(), d);
    }

    static void requireSameWidth(Features a, Features b) {
        if (a.cols != b.cols) {
            throw new IllegalArgumentException("source has " + a.cols + " features per sample, target has " + b.cols);
        }
    }

    /** {@code g} (same layout as {@code like}) as a float tensor of {@code like}'s shape. */
    static Tensor toTensor(double[] g, Tensor like) {
        float[] out = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = (float) g[i];
        }
        return Tensor.wrap(like.shape(), out);
    }
}
