package org.dsodenet.ops.norm;

import org.dsodenet.ops.parallel.Parallel;
import org.dsodenet.ops.parallel.Workspace;

/**
 * The channel sums of batch norm's backward, {@code sum dy} and {@code sum dy·xhat} with
 * {@code xhat = (x - mean) * invStd} (forward's float operations), with the samples added elementwise.
 *
 * <p>A double sum per sample and channel converts every value, which C2 in JDK 17 does not vectorize, so it ran
 * about one value per cycle and was the largest batch-norm cost of a training step. Here each sample's stretch of a
 * block of channels is copied into rows starting at 0 (C2 vectorizes only loops whose arrays are indexed alike;
 * several channels per block keep the rows long on 7×7 maps), the float partial sums per position add the samples
 * in order, and each channel's positions are then summed once in double ({@link Sums#sum}'s order).
 *
 * <p>The blocks depend only on the map size, and every sum's order is the same in any block, so the results do not
 * depend on the thread count.
 */
final class GradSums {
    /** Positions a block of channels aims at. */
    private static final int BLOCK = 2048;

    private GradSums() {}

    /**
     * {@code sumDy[c]} and {@code sumDyXhat[c]} for NCHW {@code dy} and {@code x} of {@code batch} samples with
     * {@code channels} planes of {@code plane} values.
     */
    static void compute(float[] dy, float[] x, int batch, int channels, int plane, float[] mean, float[] invStd,
                        double[] sumDy, double[] sumDyXhat) {
        final int perBlock = Math.max(1, Math.min(channels, BLOCK / plane));
        Parallel.forEach((channels + perBlock - 1) / perBlock, b -> {
            int c0 = b * perBlock;
            int c1 = Math.min(channels, c0 + perBlock);
            int len = (c1 - c0) * plane;
            float[][] rows = Workspace.rows(0, 6, len);
            float[] d = rows[0];
            float[] xs = rows[1];
            float[] m = rows[2];
            float[] is = rows[3];
            float[] s = rows[4];
            float[] p = rows[5];
            for (int c = c0; c < c1; c++) {
                int o = (c - c0) * plane;
                for (int i = o; i < o + plane; i++) {
                    m[i] = mean[c];
                    is[i] = invStd[c];
                    s[i] = 0f;
                    p[i] = 0f;
                }
            }
            for (int n = 0; n < batch; n++) {
                int at = (n * channels + c0) * plane;
                System.arraycopy(dy, at, d, 0, len);
                System.arraycopy(x, at, xs, 0, len);
                accumulate(d, xs, m, is, s, p, len);
            }
            for (int c = c0; c < c1; c++) {
                int o = (c - c0) * plane;
                sumDy[c] = Sums.sum(s, o, plane);
                sumDyXhat[c] = Sums.sum(p, o, plane);
            }
        });
    }

    private static void accumulate(float[] d, float[] x, float[] mean, float[] invStd, float[] s, float[] p,
                                   int len) {
        for (int j = 0; j < len; j++) {
            float v = d[j];
            s[j] += v;
            p[j] += v * ((x[j] - mean[j]) * invStd[j]);
        }
    }
}
