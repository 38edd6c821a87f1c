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
    private final int cin;
    private final int h;
    private final int w;
    private final int stride;
    private final int pad;
    private final int ho;
    private final int cols;
    private final int rows;
    private final int planeSize;

    TapLayout(ConvGeometry g) {
        this.cin = g.cin();
        this.h = g.h();
        this.w = g.w();
        this.stride = g.stride();
        this.pad = g.pad();
        this.ho = g.ho();
        int reach = (g.k() - 1) / stride;
        this.cols = g.wo() + reach;
        this.rows = ho + reach;
        // The last output's farthest tap reads (rows·cols - 1) + reach: the slack keeps it inside its own plane.
        this.planeSize = rows * cols + reach;
    }

    /** Values the layout holds. */
    int size() {
        return cin * stride * stride * planeSize;
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
        int o = 0;
        for (int ic = 0; ic < cin; ic++) {
            for (int py = 0; py < stride; py++) {
                for (int px = 0; px < stride; px++) {
                    int cLo = Math.min(cols, ConvGeometry.first(px, stride, pad));
                    int cHi = Math.max(cLo, ConvGeometry.last(px, w, cols, stride, pad) + 1);
                    for (int r = 0; r < rows; r++) {
                        int iy = r * stride + py - pad;
                        if (iy < 0 || iy >= h) {
                            java.util.Arrays.fill(xs, o, o + cols, 0f);
                        } else {
                            java.util.Arrays.fill(xs, o, o + cLo, 0f);
                            int src = ic * h * w + iy * w + cLo * stride + px - pad;
                            if (stride == 1) {
                                for (int c = 0; c < cHi - cLo; c++) {
                                    xs[o + cLo + c] = x[src + c];
                                }
                            } else {
                                for (int c = 0; c < cHi - cLo; c++) {
                                    xs[o + cLo + c] = x[src + c * stride];
                                }
                            }
                            java.util.Arrays.fill(xs, o + cHi, o + cols, 0f);
                        }
                        o += cols;
                    }
                    java.util.Arrays.fill(xs, o, o + planeSize - rows * cols, 0f);
                    o += planeSize - rows * cols;
                }
            }
        }
    }

    /** {@link #fill(long[], float[])} into ints, each raw taken modulo 2^32 (exact where the caller proved it fits). */
    void fill(long[] x, int[] xs) {
        int o = 0;
        for (int ic = 0; ic < cin; ic++) {
            for (int py = 0; py < stride; py++) {
                for (int px = 0; px < stride; px++) {
                    int cLo = Math.min(cols, ConvGeometry.first(px, stride, pad));
                    int cHi = Math.max(cLo, ConvGeometry.last(px, w, cols, stride, pad) + 1);
                    for (int r = 0; r < rows; r++) {
                        int iy = r * stride + py - pad;
                        if (iy < 0 || iy >= h) {
                            java.util.Arrays.fill(xs, o, o + cols, 0);
                        } else {
                            java.util.Arrays.fill(xs, o, o + cLo, 0);
                            int src = ic * h * w + iy * w + cLo * stride + px - pad;
                            for (int c = 0; c < cHi - cLo; c++) {
                                xs[o + cLo + c] = (int) x[src + c * stride];
                            }
                            java.util.Arrays.fill(xs, o + cHi, o + cols, 0);
                        }
                        o += cols;
                    }
                    java.util.Arrays.fill(xs, o, o + planeSize - rows * cols, 0);
                    o += planeSize - rows * cols;
                }
            }
        }
    }

    /** {@link #fill(long[], float[])} into doubles. */
    void fill(long[] x, double[] xs) {
        int o = 0;
        for (int ic = 0; ic < cin; ic++) {
            for (int py = 0; py < stride; py++) {
                for (int px = 0; px < stride; px++) {
                    int cLo = Math.min(cols, ConvGeometry.first(px, stride, pad));
                    int cHi = Math.max(cLo, ConvGeometry.last(px, w, cols, stride, pad) + 1);
                    for (int r = 0; r < rows; r++) {
                        int iy = r * stride + py - pad;
                        if (iy < 0 || iy >= h) {
                            java.util.Arrays.fill(xs, o, o + cols, 0d);
                        } else {
                            java.util.Arrays.fill(xs, o, o + cLo, 0d);
                            int src = ic * h * w + iy * w + cLo * stride + px - pad;
                            if (stride == 1) {
                                for (int c = 0; c < cHi - cLo; c++) {
                                    xs[o + cLo + c] = x[src + c];
                                }
                            } else {
                                for (int c = 0; c < cHi - cLo; c++) {
                                    xs[o + cLo + c] = x[src + c * stride];
                                }
                            }
                            java.util.Arrays.fill(xs, o + cHi, o + cols, 0d);
                        }
                        o += cols;
                    }
                    java.util.Arrays.fill(xs, o, o + planeSize - rows * cols, 0d);
                    o += planeSize - rows * cols;
                }
            }
        }
    }

    /** {@link #fill(long[], float[])} from a plane of raws already held as floats (no conversion to pay). */
    void fill(float[] x, float[] xs) {
        int o = 0;
        for (int ic = 0; ic < cin; ic++) {
            for (int py = 0; py < stride; py++) {
                for (int px = 0; px < stride; px++) {
                    int cLo = Math.min(cols, ConvGeometry.first(px, stride, pad));
                    int cHi = Math.max(cLo, ConvGeometry.last(px, w, cols, stride, pad) + 1);
                    for (int r = 0; r < rows; r++) {
                        int iy = r * stride + py - pad;
                        if (iy < 0 || iy >= h) {
                            java.util.Arrays.fill(xs, o, o + cols, 0f);
                        } else {
                            java.util.Arrays.fill(xs, o, o + cLo, 0f);
                            int src = ic * h * w + iy * w + cLo * stride + px - pad;
                            if (stride == 1) { // same type: a copy, not the two-index loop C2 would not vectorize
                                System.arraycopy(x, src, xs, o + cLo, cHi - cLo);
                            } else {
                                for (int c = 0; c < cHi - cLo; c++) {
                                    xs[o + cLo + c] = x[src + c * stride];
                                }
                            }
                            java.util.Arrays.fill(xs, o + cHi, o + cols, 0f);
                        }
                        o += cols;
                    }
                    java.util.Arrays.fill(xs, o, o + planeSize - rows * cols, 0f);
                    o += planeSize - rows * cols;
                }
            }
        }
    }

    /** {@link #fill(long[], float[])} from a plane of raws already held as doubles. */
    void fill(double[] x, double[] xs) {
        int o = 0;
        for (int ic = 0; ic < cin; ic++) {
            for (int py = 0; py < stride; py++) {
                for (int px = 0; px < stride; px++) {
                    int cLo = Math.min(cols, ConvGeometry.first(px, stride, pad));
                    int cHi = Math.max(cLo, ConvGeometry.last(px, w, cols, stride, pad) + 1);
                    for (int r = 0; r < rows; r++) {
                        int iy = r * stride + py - pad;
                        if (iy < 0 || iy >= h) {
                            java.util.Arrays.fill(xs, o, o + cols, 0d);
                        } else {
                            java.util.Arrays.fill(xs, o, o + cLo, 0d);
                            int src = ic * h * w + iy * w + cLo * stride + px - pad;
                            if (stride == 1) { // same type: a copy, not the two-index loop C2 would not vectorize
                                System.arraycopy(x, src, xs, o + cLo, cHi - cLo);
                            } else {
                                for (int c = 0; c < cHi - cLo; c++) {
                                    xs[o + cLo + c] = x[src + c * stride];
                                }
                            }
                            java.util.Arrays.fill(xs, o + cHi, o + cols, 0d);
                        }
                        o += cols;
                    }
                    java.util.Arrays.fill(xs, o, o + planeSize - rows * cols, 0d);
                    o += planeSize - rows * cols;
                }
            }
        }
    }
}
