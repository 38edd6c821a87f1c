package org.dsodenet.ops.fixed.kernel;

/**
 * A layer's input laid out so that every tap of a k×k convolution (any stride and padding) reads one contiguous run
 * of memory: for each input channel, {@code stride²} phase planes, phase {@code (py, px)} holding input row
 * {@code r·stride + py - pad}, column {@code c·stride + px - pad} at {@code (r, c)}, zero outside the input. Then the
 * output at {@code (oy, ox)} reads tap {@code (ky, kx)} at {@code offset(ic, ky, kx) + oy·cols + ox}, and one loop over
 * {@code a = oy·cols + ox} covers the whole output plane for a tap. The plane is {@code cols} wide, wider than the
 * output by {@code (k-1)/stride}: those extra columns are computed and never read (each output is its own sum, so
 * they cannot disturb the others). Padding taps add {@code 0·w}, which leaves an exact sum unchanged.
 *
 * <p>A linear layer is the 1×1 case over a 1×1 plane per input feature.
 */
final class TapLayout {
    private final int stride;
    private final int ho;
    private final int cols;
    private final int planeSize;
    private final int size;
    /**
     * How {@code fill} writes the layout, one entry a row, in memory order: row {@code q} starts at
     * {@code rowStart[q]} and runs to the next row's start (a plane's slack belongs to its last row; the sentinel is
     * the size), holds zeros except at its columns {@code [rowLo[q], rowHi[q])}, which read the input from
     * {@code rowSrc[q]} on, every {@code stride}-th value. A row of padding has an empty range.
     */
    private final int[] rowStart;
    private final int[] rowSrc;
    private final int[] rowLo;
    private final int[] rowHi;
    /** Whether the layout is the CHW input itself (a 1×1 kernel, stride 1, no padding): no copy needed. */
    private final boolean direct;

    TapLayout(ConvGeometry g) {
        this.direct = g.k() == 1 && g.stride() == 1 && g.pad() == 0;
        this.stride = g.stride();
        this.ho = g.ho();
        int reach = (g.k() - 1) / stride;
        this.cols = g.wo() + reach;
        int rows = ho + reach;
        // The last output's farthest tap reads (rows·cols - 1) + reach: the slack keeps it inside its own plane.
        this.planeSize = rows * cols + reach;
        int planes = g.cin() * stride * stride;
        this.size = planes * planeSize;
        this.rowStart = new int[planes * rows + 1];
        this.rowSrc = new int[planes * rows];
        this.rowLo = new int[planes * rows];
        this.rowHi = new int[planes * rows];
        int q = 0;
        for (int ic = 0; ic < g.cin(); ic++) {
            for (int py = 0; py < stride; py++) {
                for (int px = 0; px < stride; px++) {
                    int cLo = Math.min(cols, ConvGeometry.first(px, stride, g.pad()));
                    int cHi = Math.max(cLo, ConvGeometry.last(px, g.w(), cols, stride, g.pad()) + 1);
                    for (int r = 0; r < rows; r++, q++) {
                        int iy = r * stride + py - g.pad();
                        boolean inside = iy >= 0 && iy < g.h();
                        rowStart[q] = (q / rows) * planeSize + r * cols;
                        rowLo[q] = inside ? cLo : 0;
                        rowHi[q] = inside ? cHi : 0;
                        rowSrc[q] = inside ? (ic * g.h() + iy) * g.w() + cLo * stride + px - g.pad() : 0;
                    }
                }
            }
        }
        rowStart[q] = size;
    }

    /**
     * Whether the layout equals its CHW input raw for raw (a pointwise or linear layer: one plane per input channel,
     * {@code cols} the input's width, no padding and no slack), so a tap's run can be read from the input itself.
     */
    boolean direct() {
        return direct;
    }

    /** Values the layout holds. */
    int size() {
        return size;
    }

    /** The length of an accumulator plane: {@code ho} rows of {@code cols}. */
    int accSize() {
        return ho * cols;
    }

    /** The accumulator index of output {@code (oy, ox)}. */
    int accIndex(int oy, int ox) {
        return oy * cols + ox;
    }

    int cols() {
        return cols;
    }

    /** Where tap {@code (ky, kx)} of input channel {@code ic} reads output position 0. */
    int offset(int ic, int ky, int kx) {
        int phase = (ic * stride + ky % stride) * stride + kx % stride;
        return phase * planeSize + (ky / stride) * cols + kx / stride;
    }

    /** Lays out x (CHW raws, each exactly a float: the caller's proof) into xs, every element written. */
    void fill(long[] x, float[] xs) {
        final int s = stride;
        for (int q = 0; q < rowSrc.length; q++) {
            int lo = rowStart[q] + rowLo[q];
            int hi = rowStart[q] + rowHi[q];
            int src = rowSrc[q];
            zero(xs, rowStart[q], lo);
            if (s == 1) {
                for (int c = 0; c < hi - lo; c++) {
                    xs[lo + c] = x[src + c];
                }
            } else {
                for (int c = 0; c < hi - lo; c++) {
                    xs[lo + c] = x[src + c * s];
                }
            }
            zero(xs, hi, rowStart[q + 1]);
        }
    }

    /** {@link #fill(long[], float[])} into ints, each raw taken modulo 2^32 (exact where the caller proved it fits). */
    void fill(long[] x, int[] xs) {
        final int s = stride;
        for (int q = 0; q < rowSrc.length; q++) {
            int lo = rowStart[q] + rowLo[q];
            int hi = rowStart[q] + rowHi[q];
            int src = rowSrc[q];
            zero(xs, rowStart[q], lo);
            if (s == 1) {
                for (int c = 0; c < hi - lo; c++) {
                    xs[lo + c] = (int) x[src + c];
                }
            } else {
                for (int c = 0; c < hi - lo; c++) {
                    xs[lo + c] = (int) x[src + c * s];
                }
            }
            zero(xs, hi, rowStart[q + 1]);
        }
    }

    /**
     * {@link #fill(long[], float[])} from a plane of int raws starting at {@code x0} (a group's plane of samples), the
     * zeros left out: for an xs that holds zeros wherever this layout has them (a layout only this one fills).
     */
    void fillRuns(int[] x, int x0, int[] xs) {
        final int s = stride;
        for (int q = 0; q < rowSrc.length; q++) {
            int lo = rowStart[q] + rowLo[q];
            int hi = rowStart[q] + rowHi[q];
            int src = x0 + rowSrc[q];
            if (s == 1) { // same type: a copy, not the two-index loop C2 would not vectorize
                System.arraycopy(x, src, xs, lo, hi - lo);
            } else {
                for (int c = 0; c < hi - lo; c++) {
                    xs[lo + c] = x[src + c * s];
                }
            }
        }
    }

    /** {@link #fill(long[], float[])} into doubles. */
    void fill(long[] x, double[] xs) {
        final int s = stride;
        for (int q = 0; q < rowSrc.length; q++) {
            int lo = rowStart[q] + rowLo[q];
            int hi = rowStart[q] + rowHi[q];
            int src = rowSrc[q];
            zero(xs, rowStart[q], lo);
            if (s == 1) {
                for (int c = 0; c < hi - lo; c++) {
                    xs[lo + c] = x[src + c];
                }
            } else {
                for (int c = 0; c < hi - lo; c++) {
                    xs[lo + c] = x[src + c * s];
                }
            }
            zero(xs, hi, rowStart[q + 1]);
        }
    }

    /** {@link #fill(long[], float[])} from a plane of raws already held as floats (no conversion to pay). */
    void fill(float[] x, float[] xs) {
        final int s = stride;
        for (int q = 0; q < rowSrc.length; q++) {
            int lo = rowStart[q] + rowLo[q];
            int hi = rowStart[q] + rowHi[q];
            int src = rowSrc[q];
            zero(xs, rowStart[q], lo);
            if (s == 1) { // same type: a copy, not the two-index loop C2 would not vectorize
                System.arraycopy(x, src, xs, lo, hi - lo);
            } else {
                for (int c = 0; c < hi - lo; c++) {
                    xs[lo + c] = x[src + c * s];
                }
            }
            zero(xs, hi, rowStart[q + 1]);
        }
    }

    /** {@link #fill(long[], float[])} from a plane of raws already held as doubles. */
    void fill(double[] x, double[] xs) {
        final int s = stride;
        for (int q = 0; q < rowSrc.length; q++) {
            int lo = rowStart[q] + rowLo[q];
            int hi = rowStart[q] + rowHi[q];
            int src = rowSrc[q];
            zero(xs, rowStart[q], lo);
            if (s == 1) { // same type: a copy, not the two-index loop C2 would not vectorize
                System.arraycopy(x, src, xs, lo, hi - lo);
            } else {
                for (int c = 0; c < hi - lo; c++) {
                    xs[lo + c] = x[src + c * s];
                }
            }
            zero(xs, hi, rowStart[q + 1]);
        }
    }

    // A gap is a column or two of a row (a whole row only at the padding): a call into Arrays.fill per gap costs
    // more than its few stores.
    private static void zero(float[] xs, int from, int to) {
        for (int i = from; i < to; i++) {
            xs[i] = 0f;
        }
    }

    private static void zero(int[] xs, int from, int to) {
        for (int i = from; i < to; i++) {
            xs[i] = 0;
        }
    }

    private static void zero(double[] xs, int from, int to) {
        for (int i = from; i < to; i++) {
            xs[i] = 0d;
        }
    }
}
