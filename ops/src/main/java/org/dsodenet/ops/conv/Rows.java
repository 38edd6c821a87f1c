package org.dsodenet.ops.conv;

/**
 * The vectorizable inner loops of the convolution kernels. Every loop indexes all of its arrays with the same
 * expression {@code q} (rows are separate arrays starting at 0) and keeps its body small: C2 in JDK 17 gives up on
 * SIMD when arrays are accessed at different offsets (it cannot rule out aliasing) or when a body is too large to
 * unroll. Sums are written as {@code y = y + w*x} one term at a time, so their order is explicit.
 */
final class Rows {
    private Rows() {}

    static void fill(float[] a, int len, float v) {
        for (int q = 0; q < len; q++) {
            a[q] = v;
        }
    }

    static void axpy1(float[] x, float w0, float[] y0, int len) {
        for (int q = 0; q < len; q++) {
            y0[q] += w0 * x[q];
        }
    }

    static void axpy2(float[] x, float w0, float w1, float[] y0, float[] y1, int len) {
        for (int q = 0; q < len; q++) {
            float v = x[q];
            y0[q] += w0 * v;
            y1[q] += w1 * v;
        }
    }

    /** {@code y = y + w[wo]*xs[r] + w[wo+1]*xs[r+1] + ...} for {@code m} (1 to 3) taps, added in that order. */
    static void taps(int m, float[][] xs, int r, float[] w, int wo, float[] y, int len) {
        switch (m) {
            case 3 -> taps3(xs[r], xs[r + 1], xs[r + 2], w[wo], w[wo + 1], w[wo + 2], y, len);
            case 2 -> taps2(xs[r], xs[r + 1], w[wo], w[wo + 1], y, len);
            default -> axpy1(xs[r], w[wo], y, len);
        }
    }

    /** {@link #taps} over positions {@code [from, to)} only. */
    static void taps(int m, float[][] xs, int r, float[] w, int wo, float[] y, int from, int to) {
        switch (m) {
            case 3 -> taps3(xs[r], xs[r + 1], xs[r + 2], w[wo], w[wo + 1], w[wo + 2], y, from, to);
            case 2 -> taps2(xs[r], xs[r + 1], w[wo], w[wo + 1], y, from, to);
            default -> axpy1(xs[r], w[wo], y, from, to);
        }
    }

    /**
     * {@code y = b + w[wo]*xs[r] + ...} over positions {@code [from, to)}: {@link #taps} onto a row holding b, without
     * the pass that fills it (the same floats, one store and one load fewer per position).
     */
    static void tapsOnto(int m, float b, float[][] xs, int r, float[] w, int wo, float[] y, int from, int to) {
        switch (m) {
            case 3 -> taps3Onto(b, xs[r], xs[r + 1], xs[r + 2], w[wo], w[wo + 1], w[wo + 2], y, from, to);
            case 2 -> taps2Onto(b, xs[r], xs[r + 1], w[wo], w[wo + 1], y, from, to);
            default -> taps1Onto(b, xs[r], w[wo], y, from, to);
        }
    }

    static void taps1Onto(float b, float[] x0, float w0, float[] y, int from, int to) {
        for (int q = from; q < to; q++) {
            float s = b;
            s += w0 * x0[q];
            y[q] = s;
        }
    }

    static void taps2Onto(float b, float[] x0, float[] x1, float w0, float w1, float[] y, int from, int to) {
        for (int q = from; q < to; q++) {
            float s = b;
            s += w0 * x0[q];
            s += w1 * x1[q];
            y[q] = s;
        }
    }

    static void taps3Onto(float b, float[] x0, float[] x1, float[] x2, float w0, float w1, float w2, float[] y,
                          int from, int to) {
        for (int q = from; q < to; q++) {
            float s = b;
            s += w0 * x0[q];
            s += w1 * x1[q];
            s += w2 * x2[q];
            y[q] = s;
        }
    }

    static void axpy1(float[] x, float w0, float[] y0, int from, int to) {
        for (int q = from; q < to; q++) {
            y0[q] += w0 * x[q];
        }
    }

    static void taps2(float[] x0, float[] x1, float w0, float w1, float[] y, int from, int to) {
        for (int q = from; q < to; q++) {
            float s = y[q];
            s += w0 * x0[q];
            s += w1 * x1[q];
            y[q] = s;
        }
    }

    static void taps3(float[] x0, float[] x1, float[] x2, float w0, float w1, float w2, float[] y, int from,
                      int to) {
        for (int q = from; q < to; q++) {
            float s = y[q];
            s += w0 * x0[q];
            s += w1 * x1[q];
            s += w2 * x2[q];
            y[q] = s;
        }
    }

    /** {@code y = finish(y + w0*x0 + w1*x1 + w2*x2)} over {@code [from, to)} with {@link NearestClamp}'s finish. */
    static void taps3Nearest(float[] x0, float[] x1, float[] x2, float w0, float w1, float w2, float[] y, int from,
                             int to, float b, float m, float lo, float hi) {
        final float c = NearestClamp.NEAREST;
        float both = lo + hi;
        for (int q = from; q < to; q++) {
            float s = y[q];
            s += w0 * x0[q];
            s += w1 * x1[q];
            s += w2 * x2[q];
            float v = ((b + s * m) + c) - c;
            y[q] = 0.5f * ((Math.abs(v - lo) - Math.abs(v - hi)) + both);
        }
    }

    /** {@link NearestClamp}'s finish of {@code y[from .. to)}. */
    static void nearestClamp(float[] y, int from, int to, float b, float m, float lo, float hi) {
        final float c = NearestClamp.NEAREST;
        float both = lo + hi;
        for (int q = from; q < to; q++) {
            float v = ((b + y[q] * m) + c) - c;
            y[q] = 0.5f * ((Math.abs(v - lo) - Math.abs(v - hi)) + both);
        }
    }

    /** {@code y[q] = w * m[q]} over {@code [from, to)}. */
    static void scaled(float w, float[] m, float[] y, int from, int to) {
        for (int q = from; q < to; q++) {
            y[q] = w * m[q];
        }
    }

    /** {@link #scaled} of three rows at once. */
    static void scaled3(float w0, float w1, float w2, float[] m0, float[] m1, float[] m2, float[] y0, float[] y1,
                        float[] y2, int from, int to) {
        for (int q = from; q < to; q++) {
            y0[q] = w0 * m0[q];
            y1[q] = w1 * m1[q];
            y2[q] = w2 * m2[q];
        }
    }

    /** {@link NearestClamp}'s finish of {@code y[from .. to)} with each position's bias in {@code b[q]}. */
    static void nearestClamp(float[] y, float[] b, int from, int to, float m, float lo, float hi) {
        final float c = NearestClamp.NEAREST;
        float both = lo + hi;
        for (int q = from; q < to; q++) {
            float v = ((b[q] + y[q] * m) + c) - c;
            y[q] = 0.5f * ((Math.abs(v - lo) - Math.abs(v - hi)) + both);
        }
    }

    static void taps2(float[] x0, float[] x1, float w0, float w1, float[] y, int len) {
        for (int q = 0; q < len; q++) {
            float s = y[q];
            s += w0 * x0[q];
            s += w1 * x1[q];
            y[q] = s;
        }
    }

    static void taps3(float[] x0, float[] x1, float[] x2, float w0, float w1, float w2, float[] y, int len) {
        for (int q = 0; q < len; q++) {
            float s = y[q];
            s += w0 * x0[q];
            s += w1 * x1[q];
            s += w2 * x2[q];
            y[q] = s;
        }
    }

    /**
     * {@code acc[a + j] += d * xs[r + j]} for {@code m} (1 to 3) rows: weight-gradient partial sums. Three is the
     * most C2 vectorizes here; with four rows the loop body is too large to unroll and it runs scalar.
     */
    static void mulAcc(int m, float[] d, float[][] xs, int r, float[][] acc, int a, int len) {
        switch (m) {
            case 3 -> mulAcc3(d, xs[r], xs[r + 1], xs[r + 2], acc[a], acc[a + 1], acc[a + 2], len);
            case 2 -> mulAcc2(d, xs[r], xs[r + 1], acc[a], acc[a + 1], len);
            default -> mulAcc1(d, xs[r], acc[a], len);
        }
    }

    /**
     * The first term of {@link #mulAcc}'s sums: {@code acc[a + j] = d * xs[r + j]}, so the first group of a weight
     * gradient needs no pass that fills its accumulators with 0. It differs from {@code 0 + d * x} only in giving -0
     * for a product of -0, and only where a whole column sum is -0: a sign that {@link #foldSum} and {@link #sum}
     * never pass on, as every sum they return starts from +0.
     */
    static void mulOnto(int m, float[] d, float[][] xs, int r, float[][] acc, int a, int len) {
        switch (m) {
            case 3 -> mulOnto3(d, xs[r], xs[r + 1], xs[r + 2], acc[a], acc[a + 1], acc[a + 2], len);
            case 2 -> mulOnto2(d, xs[r], xs[r + 1], acc[a], acc[a + 1], len);
            default -> mulOnto1(d, xs[r], acc[a], len);
        }
    }

    static void mulOnto1(float[] d, float[] x0, float[] a0, int len) {
        for (int q = 0; q < len; q++) {
            a0[q] = d[q] * x0[q];
        }
    }

    static void mulOnto2(float[] d, float[] x0, float[] x1, float[] a0, float[] a1, int len) {
        for (int q = 0; q < len; q++) {
            float v = d[q];
            a0[q] = v * x0[q];
            a1[q] = v * x1[q];
        }
    }

    static void mulOnto3(float[] d, float[] x0, float[] x1, float[] x2, float[] a0, float[] a1, float[] a2, int len) {
        for (int q = 0; q < len; q++) {
            float v = d[q];
            a0[q] = v * x0[q];
            a1[q] = v * x1[q];
            a2[q] = v * x2[q];
        }
    }

    /** {@link #mulAcc} over positions {@code [from, to)} only. */
    static void mulAcc(int m, float[] d, float[][] xs, int r, float[][] acc, int a, int from, int to) {
        switch (m) {
            case 3 -> mulAcc3(d, xs[r], xs[r + 1], xs[r + 2], acc[a], acc[a + 1], acc[a + 2], from, to);
            case 2 -> mulAcc2(d, xs[r], xs[r + 1], acc[a], acc[a + 1], from, to);
            default -> mulAcc1(d, xs[r], acc[a], from, to);
        }
    }

    static void mulAcc1(float[] d, float[] x0, float[] a0, int from, int to) {
        for (int q = from; q < to; q++) {
            a0[q] += d[q] * x0[q];
        }
    }

    static void mulAcc2(float[] d, float[] x0, float[] x1, float[] a0, float[] a1, int from, int to) {
        for (int q = from; q < to; q++) {
            float v = d[q];
            a0[q] += v * x0[q];
            a1[q] += v * x1[q];
        }
    }

    static void mulAcc3(float[] d, float[] x0, float[] x1, float[] x2, float[] a0, float[] a1, float[] a2,
                        int from, int to) {
        for (int q = from; q < to; q++) {
            float v = d[q];
            a0[q] += v * x0[q];
            a1[q] += v * x1[q];
            a2[q] += v * x2[q];
        }
    }

    /** {@code acc += x} over positions {@code [from, to)}. */
    static void add(float[] x, float[] acc, int from, int to) {
        for (int q = from; q < to; q++) {
            acc[q] += x[q];
        }
    }

    static void mulAcc1(float[] d, float[] x0, float[] a0, int len) {
        for (int q = 0; q < len; q++) {
            a0[q] += d[q] * x0[q];
        }
    }

    static void mulAcc2(float[] d, float[] x0, float[] x1, float[] a0, float[] a1, int len) {
        for (int q = 0; q < len; q++) {
            float v = d[q];
            a0[q] += v * x0[q];
            a1[q] += v * x1[q];
        }
    }

    static void mulAcc3(float[] d, float[] x0, float[] x1, float[] x2, float[] a0, float[] a1, float[] a2,
                        int len) {
        for (int q = 0; q < len; q++) {
            float v = d[q];
            a0[q] += v * x0[q];
            a1[q] += v * x1[q];
            a2[q] += v * x2[q];
        }
    }

    /** {@code acc += x}. */
    static void add(float[] x, float[] acc, int len) {
        for (int q = 0; q < len; q++) {
            acc[q] += x[q];
        }
    }

    /**
     * Sum of a long row in a fixed order that vectorizes: while more than 64 values remain, the back half is added
     * onto the front half (through {@code tmp}, as C2 needs one index for every array in a loop), then {@link #sum}.
     * Overwrites {@code a}; {@code tmp} needs {@code len / 2} floats. A plain {@link #sum} adds one value per step,
     * which made it the largest cost of the depthwise weight gradient on 7×7 maps.
     */
    static float foldSum(float[] a, float[] tmp, int len) {
        int n = len;
        while (n > 64) {
            int half = (n + 1) / 2;
            int rest = n - half;
            System.arraycopy(a, half, tmp, 0, rest);
            add(tmp, a, rest);
            n = half;
        }
        return sum(a, n);
    }

    /**
     * Sum with eight interleaved accumulators (element i goes to accumulator i mod 8, then the eight are added
     * pairwise): a fixed order, so deterministic, and eight independent add chains instead of one.
     */
    static float sum(float[] a, int len) {
        return sum(a, 0, len);
    }

    /** {@link #sum(float[], int)} of {@code a[from .. to)}: element {@code from + i} goes to accumulator i mod 8. */
    static float sum(float[] a, int from, int to) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        float s4 = 0f;
        float s5 = 0f;
        float s6 = 0f;
        float s7 = 0f;
        int q = from;
        for (; q + 8 <= to; q += 8) {
            s0 += a[q];
            s1 += a[q + 1];
            s2 += a[q + 2];
            s3 += a[q + 3];
            s4 += a[q + 4];
            s5 += a[q + 5];
            s6 += a[q + 6];
            s7 += a[q + 7];
        }
        for (; q < to; q++) {
            s0 += a[q];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
