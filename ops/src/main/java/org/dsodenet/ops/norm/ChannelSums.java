package org.dsodenet.ops.norm;

import java.util.Arrays;
import org.dsodenet.ops.parallel.Parallel;
import org.dsodenet.ops.parallel.Workspace;

/**
 * Batch norm's per-channel sums over (N, H, W) with the samples added elementwise: the statistics of a training
 * forward ({@code sum x}, then {@code sum (x - mean)²}) and the sums of backward ({@code sum dy},
 * {@code sum dy·xhat} with {@code xhat = (x - mean) * invStd}, forward's float operations).
 *
 * <p>A double sum per sample and channel converts every value, which C2 in JDK 17 does not vectorize, so it ran
 * about one value per cycle and was the largest batch-norm cost of a training step. Here each sample's stretch of a
 * block of channels is copied into rows starting at 0 (C2 vectorizes only loops whose arrays are indexed alike;
 * several channels per block keep the rows long on 7×7 maps), float partial sums per position add the samples in
 * order, and each channel's positions are then summed once in double ({@link Sums#sum}'s order).
 *
 * <p>The blocks depend only on the map size, and every sum's order is the same in any block, so the results do not
 * depend on the thread count.
 */
final class ChannelSums {
    /** Positions a block of channels aims at. */
    private static final int BLOCK = 2048;

    private ChannelSums() {}

    /** Work on the channels {@code [c0, c1)}, whose stretch in one sample is {@code len} values long. */
    private interface Block {
        void run(int c0, int c1, int len);
    }

    private static void forBlocks(int channels, int plane, Block body) {
        final int perBlock = Math.max(1, Math.min(channels, BLOCK / plane));
        Parallel.forEach((channels + perBlock - 1) / perBlock, b -> {
            int c0 = b * perBlock;
            int c1 = Math.min(channels, c0 + perBlock);
            body.run(c0, c1, (c1 - c0) * plane);
        });
    }

    /**
     * The statistics of a training forward of NCHW {@code x}: {@code mean[c]}, the batch mean, and
     * {@code squares[c]}, the sum of the squared deviations from that mean rounded to float (forward normalizes
     * with the float mean), each deviation and its square in float.
     */
    static void statistics(float[] x, int batch, int channels, int plane, double[] mean, double[] squares) {
        final double count = (double) batch * plane;
        forBlocks(channels, plane, (c0, c1, len) -> {
            float[][] rows = Workspace.rows(0, 3, len);
            float[] xs = rows[0];
            float[] m = rows[1];
            float[] s = rows[2];
            Arrays.fill(s, 0, len, 0f);
            for (int n = 0; n < batch; n++) {
                System.arraycopy(x, (n * channels + c0) * plane, xs, 0, len);
                add(xs, s, len);
            }
            for (int c = c0; c < c1; c++) {
                int o = (c - c0) * plane;
                mean[c] = Sums.sum(s, o, plane) / count;
                Arrays.fill(m, o, o + plane, (float) mean[c]);
            }
            Arrays.fill(s, 0, len, 0f);
            for (int n = 0; n < batch; n++) {
                System.arraycopy(x, (n * channels + c0) * plane, xs, 0, len);
                addSquaredDeviations(xs, m, s, len);
            }
            for (int c = c0; c < c1; c++) {
                squares[c] = Sums.sum(s, (c - c0) * plane, plane);
            }
        });
    }

    /**
     * {@code sumDy[c]} and {@code sumDyXhat[c]} for NCHW {@code dy} and {@code x} of {@code batch} samples with
     * {@code channels} planes of {@code plane} values.
     */
    static void gradients(float[] dy, float[] x, int batch, int channels, int plane, float[] mean, float[] invStd,
                          double[] sumDy, double[] sumDyXhat) {
        forBlocks(channels, plane, (c0, c1, len) -> {
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

    private static void add(float[] x, float[] s, int len) {
        for (int j = 0; j < len; j++) {
            s[j] += x[j];
        }
    }

    private static void addSquaredDeviations(float[] x, float[] mean, float[] s, int len) {
        for (int j = 0; j < len; j++) {
            float d = x[j] - mean[j];
            s[j] += d * d;
        }
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
