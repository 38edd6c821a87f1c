package org.dsodenet.ops.conv;

/**
 * Geometry of a stride-1 depthwise pass on frame rows, the layout of {@link DepthwiseRowKernel}.
 *
 * <p>A frame row is one row of the zero-padded input of one channel for a group of samples side by side:
 * {@code group · frameW} values, sample i at {@code i · frameW}. Output row oy of the group is then
 * {@code sum over (ky, kx) of w[ky][kx] · frameRow[oy + ky] shifted left by kx}, where each output sample's last
 * {@code k - 1} columns read into the next sample and are dropped. Only the k horizontal shifts of a frame row need
 * copies (the vertical offset is a different row), against {@code k·k - 1} copies of the whole frame in the framed
 * column layout of {@link Columns}.
 *
 * <p>Every output value is computed on its own (bias, then the taps in order), so the grouping only decides how
 * long the vector loops are, never a result: groups are balanced to about {@link #TARGET} columns.
 */
final class FrameRows {
    /** Frame rows aim at about this many columns. */
    static final int TARGET = 1024;

    final int batch;
    final int channels;
    final int h;
    final int w;
    final int k;
    final int pad;
    final int oh;
    final int ow;
    final int frameW;
    final int frameH;
    final int group;
    final int groups;

    FrameRows(int batch, int channels, int h, int w, Window win) {
        if (win.stride() != 1) {
            throw new IllegalArgumentException("frame rows need stride 1");
        }
        this.batch = batch;
        this.channels = channels;
        this.h = h;
        this.w = w;
        this.k = win.k();
        this.pad = win.pad();
        this.oh = win.outSize(h);
        this.ow = win.outSize(w);
        this.frameW = w + 2 * pad;
        this.frameH = h + 2 * pad;
        int most = Math.max(1, Math.min(batch, (TARGET + frameW - 1) / frameW));
        int count = (batch + most - 1) / most;
        this.group = (batch + count - 1) / count;
        this.groups = (batch + group - 1) / group;
    }

    /** Samples of group g (the last group may be short). */
    int samples(int g) {
        return Math.min(group, batch - g * group);
    }

    /** Columns of a frame row of group g. */
    int columns(int g) {
        return samples(g) * frameW;
    }

    /** Length of the rows the kernel works on: the columns plus the {@code k - 1} the shifts read past them. */
    int rowLength() {
        return group * frameW + k - 1;
    }

    /**
     * Frame row r (0 to frameH - 1) of channel c for group g into {@code row}: the padded input row, zeros in the
     * padding and in the {@code k - 1} columns after the last sample.
     */
    void frameRow(float[] x, int g, int c, int r, float[] row) {
        int len = columns(g);
        int iy = r - pad;
        if (iy < 0 || iy >= h) {
            Rows.fill(row, len + k - 1, 0f);
            return;
        }
        int nb = samples(g);
        for (int i = 0; i < nb; i++) {
            int o = i * frameW;
            for (int j = 0; j < pad; j++) {
                row[o + j] = 0f;
                row[o + pad + w + j] = 0f;
            }
            System.arraycopy(x, (((g * group + i) * channels + c) * h + iy) * w, row, o + pad, w);
        }
        for (int j = 0; j < k - 1; j++) {
            row[len + j] = 0f;
        }
    }

    /** Writes output row oy of group g (its valid columns) into channel c of the NCHW output {@code y}. */
    void scatterRow(float[] row, int g, int c, int oy, float[] y) {
        int nb = samples(g);
        for (int i = 0; i < nb; i++) {
            System.arraycopy(row, i * frameW, y, (((g * group + i) * channels + c) * oh + oy) * ow, ow);
        }
    }
}
