package org.dsodenet.ops.conv;

import org.dsodenet.ops.parallel.Parallel;
import org.dsodenet.ops.parallel.Workspace;

/**
 * Depthwise convolution on column rows: per channel, {@code y = b + sum_t w[t] * col[t]}, three taps per pass.
 * Work items: forward and strided input gradient one per (sample group, channel); weight and bias gradient one
 * per channel, with per-column partial sums over the groups in order and one in-order sum per row at the end.
 */
final class DepthwiseKernel {
    private DepthwiseKernel() {}

    /** Every output element is bias, then taps in ascending order. */
    static void forward(Columns in, float[] x, float[] wt, float[] bias, float[] y) {
        final int c = in.channels;
        final int kk = in.kk;
        Parallel.forEach(in.groups * c, item -> {
            int g = item / c;
            int ch = item % c;
            int len = in.columns(g);
            float[][] col = Workspace.rows(0, kk, in.rowLength(g));
            in.im2col(x, g, ch, ch + 1, col, 0);
            float[] out = Workspace.rows(1, 1, len)[0];
            Rows.fill(out, len, bias == null ? 0f : bias[ch]);
            for (int t0 = 0; t0 < kk; t0 += 3) {
                Rows.taps(Math.min(3, kk - t0), col, t0, wt, ch * kk + t0, out, len);
            }
            in.scatter(out, g, ch, c, y);
        });
    }

    /** Adds weight and (when {@code bg} is not null) bias gradients. */
    static void paramGrad(Columns in, float[] x, float[] dy, float[] wg, float[] bg) {
        final int c = in.channels;
        final int kk = in.kk;
        final int maxLen = in.maxColumns();
        Parallel.forEach(c, ch -> {
            float[][] col = Workspace.rows(0, kk, in.maxRowLength());
            float[] d = Workspace.rows(1, 1, maxLen)[0];
            float[][] acc = Workspace.rows(2, kk + 1, maxLen);
            for (int r = 0; r <= kk; r++) {
                Rows.fill(acc[r], maxLen, 0f);
            }
            for (int g = 0; g < in.groups; g++) {
                int len = in.columns(g);
                in.im2col(x, g, ch, ch + 1, col, 0);
                in.gather(dy, c, g, ch, d);
                for (int t0 = 0; t0 < kk; t0 += 3) {
                    Rows.mulAcc(Math.min(3, kk - t0), d, col, t0, acc, t0, len);
                }
                Rows.add(d, acc[kk], len);
            }
            for (int t = 0; t < kk; t++) {
                wg[ch * kk + t] += Rows.sum(acc[t], maxLen);
            }
            if (bg != null) {
                bg[ch] += Rows.sum(acc[kk], maxLen);
            }
        });
    }

    /**
     * Input gradient. Stride 1: depthwise convolution of dy padded by {@code k-1-pad} with each kernel rotated by
     * 180°, on {@link DepthwisePlaneForward} (same-size windows) or {@link DepthwiseRowKernel}. Larger strides: per
     * tap, {@code w[t] * dy} added back to the pixels it came from.
     */
    static void inputGrad(Columns in, float[] wt, float[] dy, float[] dx) {
        final int c = in.channels;
        final int kk = in.kk;
        Window win = in.win;
        if (win.stride() == 1) {
            float[] rotated = new float[wt.length];
            for (int ch = 0; ch < c; ch++) {
                for (int t = 0; t < kk; t++) {
                    rotated[ch * kk + t] = wt[ch * kk + kk - 1 - t];
                }
            }
            Window backWin = new Window(win.k(), 1, win.k() - 1 - win.pad());
            if (TallPlanes.fits(backWin)) {
                DepthwisePlaneForward.forward(new TallPlanes(in.batch, c, in.oh, in.ow, backWin), dy, rotated, null, dx,
                        null);
            } else {
                DepthwiseRowKernel.forward(new FrameRows(in.batch, c, in.oh, in.ow, backWin), dy, rotated, null, dx);
            }
            return;
        }
        Parallel.forEach(in.groups * c, item -> {
            int g = item / c;
            int ch = item % c;
            int len = in.columns(g);
            float[] d = Workspace.rows(1, 1, len)[0];
            float[] row = Workspace.rows(0, 1, len)[0];
            in.gather(dy, c, g, ch, d);
            for (int t = 0; t < kk; t++) {
                float wv = wt[ch * kk + t];
                for (int q = 0; q < len; q++) {
                    row[q] = wv * d[q];
                }
                in.col2imAdd(row, g, ch, t, dx);
            }
        });
    }
}
