package org.dsodenet.ops.conv;

/**
 * Geometry of a stride-1 depthwise pass whose output has the input's size (odd k, pad (k-1)/2), the layout of
 * {@link DepthwisePlaneForward} and {@link DepthwisePlaneKernel}.
 *
 * <p>A tall plane stacks the H×W planes of one channel for a group of samples, with {@code pad} zero rows before,
 * between and after them, and no padding columns. Each sample's plane is contiguous in NCHW, so building a tall
 * plane is one copy per sample, where frame rows need one per sample and row (those small copies bounded the
 * frame-row kernel on 7×7 and 14×14 maps). Positions are indices into the tall plane: output {@code q = (i·(H + pad)
 * + oy)·W + ox} of sample i sits at {@code pad + q} for the first kernel row, and tap (ky, kx) of it reads column
 * shift kx ({@link #columnShift}) at {@code pad + q + ky·W}. A tap whose column falls off the map would read a
 * neighbouring row there, so those positions of the shift are zero. The {@code pad} gap rows between samples are
 * computed and dropped.
 *
 * <p>Every output value is computed on its own, so the grouping only decides how long the vector loops are, never
 * a result.
 */
final class TallPlanes {
    /**
     * Forward groups aim at about this many output positions: longer rows spread the scalar iterations C2 runs
     * around each vector loop over more positions, while the three column shifts and the sums (about 7 KB each
     * at 32 samples of 7×7) still fit in L1.
     */
    static final int TARGET = 2048;
    final int batch;
    final int channels;
    final int h;
    final int w;
    final int k;
    final int pad;
    final int plane;
    /** Output positions per sample: its rows and the gap rows after them. */
    final int stride;
    final int group;
    final int groups;

    TallPlanes(int batch, int channels, int h, int w, Window win) {
        this(batch, channels, h, w, win, TARGET);
    }

    /** Groups of about {@code target} output positions (at least one sample). */
    TallPlanes(int batch, int channels, int h, int w, Window win, int target) {
        if (!fits(win)) {
            throw new IllegalArgumentException("tall planes need stride 1 and pad (k-1)/2, got " + win);
        }
        this.batch = batch;
        this.channels = channels;
        this.h = h;
        this.w = w;
        this.k = win.k();
        this.pad = win.pad();
        this.plane = h * w;
        this.stride = (h + pad) * w;
        int most = Math.max(1, Math.min(batch, target / stride));
        int count = (batch + most - 1) / most;
        this.group = (batch + count - 1) / count;
        this.groups = (batch + group - 1) / group;
    }

    /** Whether a window keeps the map size at stride 1 (odd k, pad (k-1)/2), the windows this layout covers. */
    static boolean fits(Window win) {
        return win.stride() == 1 && 2 * win.pad() == win.k() - 1;
    }

    /** Samples of group g (the last group may be short). */
    int samples(int g) {
        return Math.min(group, batch - g * group);
    }

    /** Output positions of group g: every sample's rows and the gap rows between them (not after the last). */
    int columns(int g) {
        return (samples(g) - 1) * stride + plane;
    }

    /** Largest {@link #columns} of any group. */
    int maxColumns() {
        return columns(0);
    }

    /** One past the last position any kernel row of group g works on: {@code pad + columns + (k-1)·W}. */
    int end(int g) {
        return pad + columns(g) + (k - 1) * w;
    }

    /** Length of a tall plane of group g: the leading pad, the gap and sample rows, and the trailing read-ahead. */
    int tallLength(int g) {
        return pad + (pad + samples(g) * (h + pad)) * w + pad;
    }

    /** Largest {@link #tallLength} of any group; rows of positions need this length. */
    int maxTallLength() {
        return tallLength(0);
    }

    /**
     * The samples' planes of channel c for group g into a tall plane whose other positions already hold zeros
     * ({@link ForwardRows#tall}, which fills the zeros once per layout).
     */
    void samplesInto(float[] x, int g, int c, float[] tall) {
        int nb = samples(g);
        int at = pad + pad * w;
        for (int i = 0; i < nb; i++) {
            System.arraycopy(x, ((g * group + i) * channels + c) * plane, tall, at + i * stride, plane);
        }
    }

    /**
     * Column shift kx of a tall plane over positions {@code [pad, end(g))}: {@code row[j] = tall[j + kx - pad]},
     * and 0 where column {@code ox + kx - pad} falls off the map (it would read a neighbouring row there). The
     * centre shift is the tall plane itself.
     */
    void columnShift(float[] tall, int g, int kx, float[] row) {
        columnShift(tall, pad, end(g), kx, pad, w, row);
    }

    /**
     * {@code row[j] = src[j + kx - pad]} over positions {@code [from, end)} of rows of width W whose column 0 is at
     * {@code from}, and 0 where column {@code (j - from) mod W + kx - pad} falls off the map.
     */
    static void columnShift(float[] src, int from, int end, int kx, int pad, int w, float[] row) {
        System.arraycopy(src, from + kx - pad, row, from, end - from);
        for (int c = 0; c < Math.min(w, pad - kx); c++) {
            zeroColumn(row, from + c, end, w);
        }
        for (int c = Math.max(0, w - kx + pad); c < w; c++) {
            zeroColumn(row, from + c, end, w);
        }
    }

    /**
     * {@code row[j] = 0} for j = first, first + W, ... below end, four per pass: a loop whose step is not a constant
     * pays a bounds check and a branch per store, and at 7×7 these stores cost as much as the column shift's copy.
     */
    static void zeroColumn(float[] row, int first, int end, int w) {
        int j = first;
        for (; j + 3 * w < end; j += 4 * w) {
            row[j] = 0f;
            row[j + w] = 0f;
            row[j + 2 * w] = 0f;
            row[j + 3 * w] = 0f;
        }
        for (; j < end; j += w) {
            row[j] = 0f;
        }
    }

    /** Writes the samples' output planes, held in {@code row} from position {@code at}, into channel c of y. */
    void scatter(float[] row, int at, int g, int c, float[] y) {
        int nb = samples(g);
        for (int i = 0; i < nb; i++) {
            System.arraycopy(row, at + i * stride, y, ((g * group + i) * channels + c) * plane, plane);
        }
    }
}
