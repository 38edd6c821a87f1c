package org.dsodenet.ops.conv;

import java.util.Arrays;

/**
 * Geometry of one convolution call and the data movement between NCHW arrays and column rows.
 *
 * <p>A column is one output position {@code (n, oy, ox)}. Samples are taken in fixed groups of {@code group}
 * consecutive samples, so that a row (one input channel and tap over all columns of a group) is long enough for
 * SIMD loops even on 7×7 maps. The group size depends only on the map size, never on the thread count, which keeps
 * every sum in the same order whatever the parallelism.
 *
 * <p>Two column layouts. Exact: one column per output pixel, rows built row by row (any stride). Framed (stride 1
 * only): one column per pixel of the zero-padded input frame, so the row of tap (ky, kx) is the padded frame
 * shifted by {@code ky·frameW + kx}, one copy instead of one per output row; the columns outside the output are
 * computed and dropped. Framed suits depthwise layers, where copying dominates; exact suits dense ones, where the
 * extra columns would cost more arithmetic than the copies they save.
 */
final class Columns {
    /** Rows aim at this many columns. */
    static final int TARGET = 256;

    final int batch;
    final int channels;
    final int h;
    final int w;
    final Window win;
    final int k;
    final int kk;
    final int oh;
    final int ow;
    final int plane;
    final int group;
    final int groups;
    /** Framed layout: width and pixels of one sample's padded frame; exact layout: ow and oh·ow. */
    final boolean framed;
    final int frameW;
    final int frameSize;

    /** Exact layout. */
    Columns(int batch, int channels, int h, int w, Window win) {
        this(batch, channels, h, w, win, false);
    }

    Columns(int batch, int channels, int h, int w, Window win, boolean framed) {
        this.batch = batch;
        this.channels = channels;
        this.h = h;
        this.w = w;
        this.win = win;
        this.k = win.k();
        this.kk = k * k;
        this.oh = win.outSize(h);
        this.ow = win.outSize(w);
        this.plane = oh * ow;
        if (framed && win.stride() != 1) {
            throw new IllegalArgumentException("the framed layout needs stride 1");
        }
        this.framed = framed;
        this.frameW = framed ? w + 2 * win.pad() : ow;
        this.frameSize = framed ? (h + 2 * win.pad()) * frameW : plane;
        this.group = Math.max(1, Math.min(batch, (TARGET + frameSize - 1) / frameSize));
        this.groups = (batch + group - 1) / group;
    }

    /** Columns of group g (the last group may be short). */
    int columns(int g) {
        return samples(g) * frameSize;
    }

    int samples(int g) {
        return Math.min(group, batch - g * group);
    }

    /** Largest number of columns of any group. */
    int maxColumns() {
        return group * frameSize;
    }

    /**
     * Input patches of channels {@code [c0, c1)} for group g: row {@code base + (c - c0)*kk + ky*k + kx} holds,
     * for every column, the input pixel that tap (ky, kx) sees, or 0 in the padding. Rows must be at least
     * {@link #rowLength} long.
     */
    void im2col(float[] x, int g, int c0, int c1, float[][] rows, int base) {
        if (framed) {
            framedIm2col(x, g, c0, c1, rows, base);
            return;
        }
        final int s = win.stride();
        final int p = win.pad();
        final int nb = samples(g);
        for (int c = c0; c < c1; c++) {
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                    float[] row = rows[base + (c - c0) * kk + ky * k + kx];
                    int ox0 = win.lo(kx);
                    int ox1 = win.hi(kx, w, ow);
                    if (s == 1 && ox0 == 0 && ox1 == ow && ow == w) {
                        wholeRows(x, g, c, ky, kx, row);
                        continue;
                    }
                    for (int i = 0; i < nb; i++) {
                        int xo = ((g * group + i) * channels + c) * h * w;
                        for (int oy = 0; oy < oh; oy++) {
                            int ro = i * plane + oy * ow;
                            int iy = oy * s + ky - p;
                            if (iy < 0 || iy >= h || ox0 >= ox1) {
                                Arrays.fill(row, ro, ro + ow, 0f);
                                continue;
                            }
                            if (ox0 > 0) {
                                Arrays.fill(row, ro, ro + ox0, 0f);
                            }
                            if (ox1 < ow) {
                                Arrays.fill(row, ro + ox1, ro + ow, 0f);
                            }
                            int xr = xo + iy * w + kx - p;
                            if (s == 1) {
                                System.arraycopy(x, xr + ox0, row, ro + ox0, ox1 - ox0);
                            } else {
                                for (int ox = ox0; ox < ox1; ox++) {
                                    row[ro + ox] = x[xr + ox * s];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * One tap of im2col when its output rows are whole input rows (stride 1, the tap sees every input column, as
     * for 1×1 kernels and the centre column of padded ones): the valid output rows read consecutive input rows, so
     * each sample is one copy between zero-filled rows of padding instead of one copy per output row.
     */
    private void wholeRows(float[] x, int g, int c, int ky, int kx, float[] row) {
        final int oy0 = Math.min(oh, win.lo(ky));
        final int oy1 = Math.max(oy0, win.hi(ky, h, oh));
        final int nb = samples(g);
        for (int i = 0; i < nb; i++) {
            int ro = i * plane;
            Arrays.fill(row, ro, ro + oy0 * ow, 0f);
            int xo = ((g * group + i) * channels + c) * h * w;
            if (oy1 > oy0) {
                System.arraycopy(x, xo + (oy0 + ky - win.pad()) * w + kx - win.pad(), row, ro + oy0 * ow,
                        (oy1 - oy0) * ow);
            }
            Arrays.fill(row, ro + oy1 * ow, ro + plane, 0f);
        }
    }

    private void framedIm2col(float[] x, int g, int c0, int c1, float[][] rows, int base) {
        final int p = win.pad();
        final int nb = samples(g);
        final int len = columns(g);
        for (int c = c0; c < c1; c++) {
            // tap (0, 0) has offset 0, so its row is the padded frame itself; the other taps copy from it
            int r0 = base + (c - c0) * kk;
            float[] frame = rows[r0];
            Arrays.fill(frame, 0, len + slack(), 0f);
            for (int i = 0; i < nb; i++) {
                int xo = ((g * group + i) * channels + c) * h * w;
                for (int iy = 0; iy < h; iy++) {
                    System.arraycopy(x, xo + iy * w, frame, i * frameSize + (iy + p) * frameW + p, w);
                }
            }
            for (int t = 1; t < kk; t++) {
                System.arraycopy(frame, (t / k) * frameW + t % k, rows[r0 + t], 0, len);
            }
        }
    }

    /** Columns past the end that the framed taps read: up to (k-1)·frameW + k-1. */
    private int slack() {
        return framed ? (k - 1) * frameW + k : 0;
    }

    /** Length rows must have for group g: its columns, plus the framed layout's read-ahead. */
    int rowLength(int g) {
        return columns(g) + slack();
    }

    /** Largest {@link #rowLength} of any group. */
    int maxRowLength() {
        return maxColumns() + slack();
    }

    /**
     * The reverse of {@link #im2col} for one row (channel c, tap t) of group g: adds every column value to the
     * input pixel it came from (padding columns are dropped). Adds for one pixel arrive in the caller's row order.
     */
    void col2imAdd(float[] row, int g, int c, int t, float[] dx) {
        if (framed) {
            throw new IllegalStateException("col2im is for the exact layout");
        }
        final int s = win.stride();
        final int p = win.pad();
        final int ky = t / k;
        final int kx = t % k;
        final int ox0 = win.lo(kx);
        final int ox1 = win.hi(kx, w, ow);
        final int oy0 = win.lo(ky);
        final int oy1 = win.hi(ky, h, oh);
        final int nb = samples(g);
        for (int i = 0; i < nb; i++) {
            int xo = ((g * group + i) * channels + c) * h * w;
            for (int oy = oy0; oy < oy1; oy++) {
                int ro = i * plane + oy * ow;
                int xr = xo + (oy * s + ky - p) * w + kx - p;
                for (int ox = ox0; ox < ox1; ox++) {
                    dx[xr + ox * s] += row[ro + ox];
                }
            }
        }
    }

    /**
     * Copies the output-sized planes of channel c (of {@code chans} channels) for group g into one row; in the
     * framed layout the columns outside the output are set to 0, so they add nothing to gradient sums.
     */
    void gather(float[] src, int chans, int g, int c, float[] row) {
        int nb = samples(g);
        if (!framed) {
            for (int i = 0; i < nb; i++) {
                System.arraycopy(src, ((g * group + i) * chans + c) * plane, row, i * plane, plane);
            }
            return;
        }
        Arrays.fill(row, 0, columns(g), 0f);
        for (int i = 0; i < nb; i++) {
            int so = ((g * group + i) * chans + c) * plane;
            for (int oy = 0; oy < oh; oy++) {
                System.arraycopy(src, so + oy * ow, row, i * frameSize + oy * frameW, ow);
            }
        }
    }

    /** Writes the output columns of one row back as the planes of channel c (of {@code chans}) for group g. */
    void scatter(float[] row, int g, int c, int chans, float[] dst) {
        int nb = samples(g);
        if (!framed) {
            for (int i = 0; i < nb; i++) {
                System.arraycopy(row, i * plane, dst, ((g * group + i) * chans + c) * plane, plane);
            }
            return;
        }
        for (int i = 0; i < nb; i++) {
            int dO = ((g * group + i) * chans + c) * plane;
            for (int oy = 0; oy < oh; oy++) {
                System.arraycopy(row, i * frameSize + oy * frameW, dst, dO + oy * ow, ow);
            }
        }
    }
}
