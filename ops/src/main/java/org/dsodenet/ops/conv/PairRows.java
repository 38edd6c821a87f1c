package org.dsodenet.ops.conv;

/**
 * The dense-convolution inner loops that update two output rows from up to three input rows in one pass:
 * {@code y0 = y0 + a0*x0 + a1*x1 + a2*x2} and {@code y1 = y1 + b0*x0 + b1*x1 + b2*x2}, each output's terms added
 * one at a time in row order, as {@link Rows#axpy1} over the rows one by one would (the same floats). Two outputs
 * by three inputs is the largest block C2 in JDK 17 still unrolls and vectorizes; against one input row onto four
 * outputs it loads and stores each output once per three rows instead of once per row. The {@code onto} variants
 * start the sums from b0 and b1 instead of reading y0 and y1 (the pass that would fill them with the bias).
 */
final class PairRows {
    private PairRows() {}

    /** Rows {@code r .. r+m-1} of xs (m 1 to 3) onto y0, y1 with weights {@code w[wa + j]}, {@code w[wb + j]}. */
    static void add(int m, float[][] xs, int r, float[] w, int wa, int wb, float[] y0, float[] y1, int len) {
        switch (m) {
            case 3 -> add3(xs[r], xs[r + 1], xs[r + 2], w[wa], w[wa + 1], w[wa + 2], w[wb], w[wb + 1], w[wb + 2],
                    y0, y1, len);
            case 2 -> add2(xs[r], xs[r + 1], w[wa], w[wa + 1], w[wb], w[wb + 1], y0, y1, len);
            default -> Rows.axpy2(xs[r], w[wa], w[wb], y0, y1, len);
        }
    }

    /** {@link #add} with the sums starting from b0 and b1 instead of y0 and y1. */
    static void onto(int m, float b0, float b1, float[][] xs, int r, float[] w, int wa, int wb, float[] y0,
                     float[] y1, int len) {
        switch (m) {
            case 3 -> onto3(b0, b1, xs[r], xs[r + 1], xs[r + 2], w[wa], w[wa + 1], w[wa + 2], w[wb], w[wb + 1],
                    w[wb + 2], y0, y1, len);
            case 2 -> onto2(b0, b1, xs[r], xs[r + 1], w[wa], w[wa + 1], w[wb], w[wb + 1], y0, y1, len);
            default -> onto1(b0, b1, xs[r], w[wa], w[wb], y0, y1, len);
        }
    }

    static void add3(float[] x0, float[] x1, float[] x2, float a0, float a1, float a2, float b0, float b1, float b2,
                     float[] y0, float[] y1, int len) {
        for (int q = 0; q < len; q++) {
            float v0 = x0[q];
            float v1 = x1[q];
            float v2 = x2[q];
            float s = y0[q];
            float t = y1[q];
            s += a0 * v0;
            t += b0 * v0;
            s += a1 * v1;
            t += b1 * v1;
            s += a2 * v2;
            t += b2 * v2;
            y0[q] = s;
            y1[q] = t;
        }
    }

    static void add2(float[] x0, float[] x1, float a0, float a1, float b0, float b1, float[] y0, float[] y1,
                     int len) {
        for (int q = 0; q < len; q++) {
            float v0 = x0[q];
            float v1 = x1[q];
            float s = y0[q];
            float t = y1[q];
            s += a0 * v0;
            t += b0 * v0;
            s += a1 * v1;
            t += b1 * v1;
            y0[q] = s;
            y1[q] = t;
        }
    }

    static void onto3(float bs, float bt, float[] x0, float[] x1, float[] x2, float a0, float a1, float a2, float b0,
                      float b1, float b2, float[] y0, float[] y1, int len) {
        for (int q = 0; q < len; q++) {
            float v0 = x0[q];
            float v1 = x1[q];
            float v2 = x2[q];
            float s = bs;
            float t = bt;
            s += a0 * v0;
            t += b0 * v0;
            s += a1 * v1;
            t += b1 * v1;
            s += a2 * v2;
            t += b2 * v2;
            y0[q] = s;
            y1[q] = t;
        }
    }

    static void onto2(float bs, float bt, float[] x0, float[] x1, float a0, float a1, float b0, float b1, float[] y0,
                      float[] y1, int len) {
        for (int q = 0; q < len; q++) {
            float v0 = x0[q];
            float v1 = x1[q];
            float s = bs;
            float t = bt;
            s += a0 * v0;
            t += b0 * v0;
            s += a1 * v1;
            t += b1 * v1;
            y0[q] = s;
            y1[q] = t;
        }
    }

    static void onto1(float bs, float bt, float[] x0, float a0, float b0, float[] y0, float[] y1, int len) {
        for (int q = 0; q < len; q++) {
            float v0 = x0[q];
            float s = bs;
            float t = bt;
            s += a0 * v0;
            t += b0 * v0;
            y0[q] = s;
            y1[q] = t;
        }
    }
}
