package org.dsodenet.ops.conv;

/**
 * {@link Rows#taps} with a weight per position: {@code y = y + w0[q]*x0[q] + w1[q]*x1[q] + ...}, one term at a time.
 * Rows that stack the planes of several channels need one weight per position, and a weight of 0 where a tap
 * falls off its plane drops that tap without zeroing the input. Every loop indexes all of its arrays with
 * {@code q}; with weight rows three taps already read seven arrays, the most C2 vectorizes.
 */
final class WeightRowTaps {
    /**
     * Where a row of weights may hold the values its sums start from ({@link #tapsOntoStarts}): this many positions
     * after the weights, so a loop may run over at most this many. A constant offset, a multiple of 16 floats, keeps
     * the loop's accesses vectorizable (C2 gives up on an eighth array, and on offsets it does not know; a second
     * read of a row it only reads, a fixed number of vectors further on, it takes).
     */
    static final int STARTS = 2048;

    private WeightRowTaps() {}

    /**
     * {@code y = y + w[wo]*xs[r] + w[wo+1]*xs[r+1] + ...} for m (1 to 3) taps over {@code [from, to)}, where
     * {@code w[wo + i]} is a row of weights.
     */
    static void taps(int m, float[][] xs, int r, float[][] w, int wo, float[] y, int from, int to) {
        switch (m) {
            case 3 -> taps3(xs[r], xs[r + 1], xs[r + 2], w[wo], w[wo + 1], w[wo + 2], y, from, to);
            case 2 -> taps2(xs[r], xs[r + 1], w[wo], w[wo + 1], y, from, to);
            default -> taps1(xs[r], w[wo], y, from, to);
        }
    }

    /** {@link #taps} onto +0 instead of onto y's values: y is only written. */
    static void tapsOntoZero(int m, float[][] xs, int r, float[][] w, int wo, float[] y, int from, int to) {
        switch (m) {
            case 3 -> taps3OntoZero(xs[r], xs[r + 1], xs[r + 2], w[wo], w[wo + 1], w[wo + 2], y, from, to);
            case 2 -> taps2OntoZero(xs[r], xs[r + 1], w[wo], w[wo + 1], y, from, to);
            default -> taps1OntoZero(xs[r], w[wo], y, from, to);
        }
    }

    /**
     * {@link #taps} onto the starts {@code w[wo][q + STARTS]} instead of onto y's values: y is only written, and the
     * sums start from the starts as they would from y.
     */
    static void tapsOntoStarts(int m, float[][] xs, int r, float[][] w, int wo, float[] y, int from, int to) {
        switch (m) {
            case 3 -> taps3OntoStarts(xs[r], xs[r + 1], xs[r + 2], w[wo], w[wo + 1], w[wo + 2], y, from, to);
            case 2 -> taps2OntoStarts(xs[r], xs[r + 1], w[wo], w[wo + 1], y, from, to);
            default -> taps1OntoStarts(xs[r], w[wo], y, from, to);
        }
    }

    static void taps3(float[] x0, float[] x1, float[] x2, float[] w0, float[] w1, float[] w2, float[] y, int from,
                      int to) {
        for (int q = from; q < to; q++) {
            float s = y[q];
            s += w0[q] * x0[q];
            s += w1[q] * x1[q];
            s += w2[q] * x2[q];
            y[q] = s;
        }
    }

    static void taps2(float[] x0, float[] x1, float[] w0, float[] w1, float[] y, int from, int to) {
        for (int q = from; q < to; q++) {
            float s = y[q];
            s += w0[q] * x0[q];
            s += w1[q] * x1[q];
            y[q] = s;
        }
    }

    static void taps1(float[] x0, float[] w0, float[] y, int from, int to) {
        for (int q = from; q < to; q++) {
            y[q] += w0[q] * x0[q];
        }
    }

    static void taps3OntoZero(float[] x0, float[] x1, float[] x2, float[] w0, float[] w1, float[] w2, float[] y,
                              int from, int to) {
        for (int q = from; q < to; q++) {
            float s = 0f;
            s += w0[q] * x0[q];
            s += w1[q] * x1[q];
            s += w2[q] * x2[q];
            y[q] = s;
        }
    }

    static void taps2OntoZero(float[] x0, float[] x1, float[] w0, float[] w1, float[] y, int from, int to) {
        for (int q = from; q < to; q++) {
            float s = 0f;
            s += w0[q] * x0[q];
            s += w1[q] * x1[q];
            y[q] = s;
        }
    }

    static void taps1OntoZero(float[] x0, float[] w0, float[] y, int from, int to) {
        for (int q = from; q < to; q++) {
            float s = 0f;
            s += w0[q] * x0[q];
            y[q] = s;
        }
    }

    static void taps3OntoStarts(float[] x0, float[] x1, float[] x2, float[] w0, float[] w1, float[] w2, float[] y,
                                int from, int to) {
        for (int q = from; q < to; q++) {
            float s = w0[q + STARTS];
            s += w0[q] * x0[q];
            s += w1[q] * x1[q];
            s += w2[q] * x2[q];
            y[q] = s;
        }
    }

    static void taps2OntoStarts(float[] x0, float[] x1, float[] w0, float[] w1, float[] y, int from, int to) {
        for (int q = from; q < to; q++) {
            float s = w0[q + STARTS];
            s += w0[q] * x0[q];
            s += w1[q] * x1[q];
            y[q] = s;
        }
    }

    static void taps1OntoStarts(float[] x0, float[] w0, float[] y, int from, int to) {
        for (int q = from; q < to; q++) {
            float s = w0[q + STARTS];
            s += w0[q] * x0[q];
            y[q] = s;
        }
    }
}
