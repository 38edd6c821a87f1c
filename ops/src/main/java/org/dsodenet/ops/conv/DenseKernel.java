package org.dsodenet.ops.conv;

import org.dsodenet.ops.parallel.Parallel;
import org.dsodenet.ops.parallel.Workspace;

/**
 * Dense convolution as column rows times weights ({@code y[oc] = b[oc] + sum_r W[oc][r] * col[r]} with
 * {@code r = (ic, ky, kx)}), two output channels per pass over three rows. Weights are {@code [cOut][cIn·k·k]}.
 *
 * <p>Work items and reduction orders, all independent of the thread count: forward and strided input gradient one
 * item per sample group; weight gradient (where {@link PatchGrad} does not take it) one item per input channel,
 * accumulating per-column partial sums over the groups in order (three taps, or for 1×1 kernels three output
 * channels, per pass) and summing each row in a fixed order at the end ({@link Rows#foldSum}); bias gradient one
 * item per output channel.
 */
final class DenseKernel {
    private DenseKernel() {}

    /**
     * {@code y = conv(x)}; every output element is bias, then rows r in ascending order. Two output channels per
     * pass over three rows ({@link PairRows}), the first pass starting from the bias.
     */
    static void forward(Columns in, int cOut, float[] x, float[] wt, float[] bias, float[] y) {
        final int cIn = in.channels;
        final int rowsK = cIn * in.kk;
        Parallel.forEach(in.groups, g -> {
            float[][] col = Workspace.rows(0, rowsK, in.rowLength(g));
            in.im2col(x, g, 0, cIn, col, 0);
            forwardGroup(in, g, cOut, col, wt, bias, y);
        });
    }

    /** {@link #forward} of group g from its column rows {@code col} (rows {@code 0 .. cIn·k·k}). */
    private static void forwardGroup(Columns in, int g, int cOut, float[][] col, float[] wt, float[] bias, float[] y) {
        final int rowsK = in.channels * in.kk;
        int len = in.columns(g);
        float[][] out = Workspace.rows(1, 2, len);
        for (int oc0 = 0; oc0 < cOut; oc0 += 2) {
            float b0 = bias == null ? 0f : bias[oc0];
            int wa = oc0 * rowsK;
            if (oc0 + 1 < cOut) {
                float b1 = bias == null ? 0f : bias[oc0 + 1];
                int wb = wa + rowsK;
                PairRows.onto(Math.min(3, rowsK), b0, b1, col, 0, wt, wa, wb, out[0], out[1], len);
                for (int r = 3; r < rowsK; r += 3) {
                    PairRows.add(Math.min(3, rowsK - r), col, r, wt, wa + r, wb + r, out[0], out[1], len);
                }
                in.scatter(out[1], g, oc0 + 1, cOut, y);
            } else {
                Rows.tapsOnto(Math.min(3, rowsK), b0, col, 0, wt, wa, out[0], 0, len);
                for (int r = 3; r < rowsK; r += 3) {
                    Rows.taps(Math.min(3, rowsK - r), col, r, wt, wa + r, out[0], len);
                }
            }
            in.scatter(out[0], g, oc0, cOut, y);
        }
    }

    /** The output gradient as rows: {@code [group][oc][column]}. */
    static float[][][] gradRows(Columns in, int cOut, float[] dy) {
        return gradRows(in, cOut, dy, null);
    }

    /**
     * {@link #gradRows(Columns, int, float[])} into {@code reuse} when it has exactly the needed shape (a new array
     * otherwise). Only the first {@code columns(g)} values of each row are written, and only those are ever read.
     */
    static float[][][] gradRows(Columns in, int cOut, float[] dy, float[][][] reuse) {
        return gradRows(in, cOut, dy, reuse, null);
    }

    /**
     * {@link #gradRows(Columns, int, float[], float[][][])}, adding the bias gradient to {@code bg} when it is not
     * null: per output channel, per-column sums over the groups in order from 0, then one {@link Rows#sum}. One item
     * per output channel, so each row is added while the copy has just left it in L1 instead of on a second pass
     * over all rows.
     */
    static float[][][] gradRows(Columns in, int cOut, float[] dy, float[][][] reuse, float[] bg) {
        boolean fits = reuse != null && reuse.length == in.groups && reuse[0].length == cOut
                && reuse[0][0].length == in.maxColumns();
        float[][][] rows = fits ? reuse : new float[in.groups][cOut][in.maxColumns()];
        final int maxLen = in.maxColumns();
        Parallel.forEach(cOut, oc -> {
            float[] acc = bg == null ? null : Workspace.rows(3, 1, maxLen)[0];
            if (acc != null) {
                Rows.fill(acc, maxLen, 0f);
            }
            for (int g = 0; g < in.groups; g++) {
                in.gather(dy, cOut, g, oc, rows[g][oc]);
                if (acc != null) {
                    Rows.add(rows[g][oc], acc, in.columns(g));
                }
            }
            if (acc != null) {
                bg[oc] += Rows.sum(acc, maxLen);
            }
        });
        return rows;
    }

    /** Adds the weight gradient: {@code wg[oc][ic][t] += sum over columns of dy[oc] * col[ic, t]}. */
    static void weightGrad(Columns in, int cOut, float[] x, float[][][] dyRows, float[] wg) {
        if (in.kk == 1) {
            pointwiseWeightGrad(in, cOut, x, dyRows, wg);
            return;
        }
        final int cIn = in.channels;
        final int kk = in.kk;
        final int maxLen = in.maxColumns();
        Parallel.forEach(cIn, ic -> {
            float[][] acc = Workspace.rows(2, cOut * kk, maxLen);
            for (int r = 0; r < cOut * kk; r++) {
                Rows.fill(acc[r], maxLen, 0f);
            }
            weightGradTaps(in, cOut, x, dyRows, acc, ic);
            float[] tmp = Workspace.rows(1, 1, maxLen)[0];
            for (int oc = 0; oc < cOut; oc++) {
                for (int t = 0; t < kk; t++) {
                    wg[(oc * cIn + ic) * kk + t] += Rows.foldSum(acc[oc * kk + t], tmp, maxLen);
                }
            }
        });
    }

    /**
     * 1×1 weight gradient, two input channels per work item: one input row against three output-gradient rows at a
     * time (x·d = d·x exactly), for both input channels while those three rows are in L1, so the output-gradient
     * rows stream from L2 once per pair of input channels instead of once per channel. Each accumulator still adds
     * the groups in order, so the floats are those of one channel per item.
     */
    private static void pointwiseWeightGrad(Columns in, int cOut, float[] x, float[][][] dyRows, float[] wg) {
        final int cIn = in.channels;
        final int maxLen = in.maxColumns();
        Parallel.forEach((cIn + 1) / 2, item -> {
            int ic0 = 2 * item;
            int m = Math.min(2, cIn - ic0);
            float[][] acc = Workspace.rows(2, m * cOut, maxLen);
            float[][] xs = Workspace.rows(0, in.groups * m, in.maxRowLength());
            for (int g = 0; g < in.groups; g++) {
                in.im2col(x, g, ic0, ic0 + m, xs, g * m);
            }
            for (int oc0 = 0; oc0 < cOut; oc0 += 3) {
                int n = Math.min(3, cOut - oc0);
                // group 0 is never short, so writing its products covers every column the fill would have
                for (int j = 0; j < m; j++) {
                    Rows.mulOnto(n, xs[j], dyRows[0], oc0, acc, j * cOut + oc0, maxLen);
                }
                for (int g = 1; g < in.groups; g++) {
                    for (int j = 0; j < m; j++) {
                        Rows.mulAcc(n, xs[g * m + j], dyRows[g], oc0, acc, j * cOut + oc0, in.columns(g));
                    }
                }
            }
            float[] tmp = Workspace.rows(1, 1, maxLen)[0];
            for (int j = 0; j < m; j++) {
                for (int oc = 0; oc < cOut; oc++) {
                    wg[oc * cIn + ic0 + j] += Rows.foldSum(acc[j * cOut + oc], tmp, maxLen);
                }
            }
        });
    }

    /** The per-column partial sums of the weight gradient of input channel ic for kernels larger than 1×1. */
    private static void weightGradTaps(Columns in, int cOut, float[] x, float[][][] dyRows, float[][] acc, int ic) {
        final int kk = in.kk;
        float[][] col = Workspace.rows(0, kk, in.maxRowLength());
        for (int g = 0; g < in.groups; g++) {
            int len = in.columns(g);
            in.im2col(x, g, ic, ic + 1, col, 0);
            for (int oc = 0; oc < cOut; oc++) {
                float[] d = dyRows[g][oc];
                for (int t0 = 0; t0 < kk; t0 += 3) {
                    Rows.mulAcc(Math.min(3, kk - t0), d, col, t0, acc, oc * kk + t0, len);
                }
            }
        }
    }

    /**
     * Input gradient. Stride 1: the convolution of dy, padded by {@code k-1-pad}, with the kernels transposed over
     * channels and rotated by 180°, so it runs on the forward path. Larger strides: column gradients
     * {@code dcol[r] = sum_oc W[oc][r] * dy[oc]} (from 0, output channels in order, two rows per pass over three
     * output-gradient rows, {@link PairRows}) added back to their pixels in row order.
     */
    static void inputGrad(Columns in, int cOut, float[] wt, float[] dy, float[][][] dyRows, float[] dx) {
        final int cIn = in.channels;
        final int kk = in.kk;
        final int rowsK = cIn * kk;
        Window win = in.win;
        if (win.stride() == 1) {
            float[] rotated = new float[wt.length];
            for (int oc = 0; oc < cOut; oc++) {
                for (int ic = 0; ic < cIn; ic++) {
                    for (int t = 0; t < kk; t++) {
                        rotated[(ic * cOut + oc) * kk + t] = wt[(oc * cIn + ic) * kk + kk - 1 - t];
                    }
                }
            }
            Columns back = new Columns(in.batch, cOut, in.oh, in.ow, new Window(win.k(), 1, win.k() - 1 - win.pad()));
            if (kk == 1 && win.pad() == 0) {
                // a 1×1 kernel's column rows of dy are the output-gradient rows themselves (same plane, so the same
                // groups): no second copy of dy
                Parallel.forEach(back.groups, g -> forwardGroup(back, g, cIn, dyRows[g], rotated, null, dx));
            } else {
                forward(back, cIn, dy, rotated, null, dx);
            }
            return;
        }
        // weights by row: the output channels' weights of one column row are consecutive, as PairRows reads them
        float[] byRow = new float[wt.length];
        for (int oc = 0; oc < cOut; oc++) {
            for (int r = 0; r < rowsK; r++) {
                byRow[r * cOut + oc] = wt[oc * rowsK + r];
            }
        }
        Parallel.forEach(in.groups, g -> {
            int len = in.columns(g);
            float[][] dcol = Workspace.rows(1, 2, len);
            float[][] dys = dyRows[g];
            for (int r = 0; r < rowsK; r += 2) {
                int wa = r * cOut;
                if (r + 1 < rowsK) {
                    int wb = wa + cOut;
                    PairRows.onto(Math.min(3, cOut), 0f, 0f, dys, 0, byRow, wa, wb, dcol[0], dcol[1], len);
                    for (int oc = 3; oc < cOut; oc += 3) {
                        PairRows.add(Math.min(3, cOut - oc), dys, oc, byRow, wa + oc, wb + oc, dcol[0], dcol[1], len);
                    }
                    in.col2imAdd(dcol[0], g, r / kk, r % kk, dx);
                    in.col2imAdd(dcol[1], g, (r + 1) / kk, (r + 1) % kk, dx);
                } else {
                    Rows.tapsOnto(Math.min(3, cOut), 0f, dys, 0, byRow, wa, dcol[0], 0, len);
                    for (int oc = 3; oc < cOut; oc += 3) {
                        Rows.taps(Math.min(3, cOut - oc), dys, oc, byRow, wa + oc, dcol[0], len);
                    }
                    in.col2imAdd(dcol[0], g, r / kk, r % kk, dx);
                }
            }
        });
    }
}
