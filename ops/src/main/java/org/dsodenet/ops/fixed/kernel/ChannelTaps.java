package org.dsodenet.ops.fixed.kernel;

/**
 * The int sums of a depthwise 3×3 layer of stride 1 that keeps the map's size, over a run of consecutive channels of
 * ONE sample laid end to end as an NCHW plane holds them: {@code acc[q] = Σ x[q + (ky - 1)·w + kx - 1]·wt_c(ky, kx)}
 * modulo 2^32 over the taps that stay in the map at output q (channel c's plane holds q), to which the conversion
 * adds the initial value {@code init[q] = K_c} ({@link ShiftRounding#finish(int[], int[], int, int, boolean)}, or
 * {@link #addInit}). For small maps, where a
 * {@link StackedLayout} copies each sample's plane in and out one short copy at a time (at 7×7, 36 copies of 49 ints
 * per channel and run: about as dear as the taps), a run here is three copies in and one out, and no gap rows.
 *
 * <p>The channels differ in weights, so each tap multiplies by a weight ROW over the run's positions: the weight of
 * the channel whose output the position feeds, 0 where that output's tap leaves its plane. A tap that leaves the
 * plane reads a neighbouring row, plane or channel (or, at the plane's ends, stale values of the row) and adds
 * {@code x·0 = 0}, whatever x is, so no mask is needed; a tap inside the plane reads its own channel's input.
 *
 * <p>Columns by Horner's scheme, as {@link StackedTaps} sums them: with {@code S_ky[p] = x[b - w - 1 + ky·w + p]}
 * (b the run's first input), {@code C_kx[p] = Σ_ky S_ky[p]·W_(ky,kx)[p]} where {@code W_(ky,kx)[p]} is the weight row
 * of the output {@code p - kx}, {@code U_2 = C_2} and {@code U_kx[p] = U_{kx+1}[p + 1] + C_kx[p]}, so {@code U_0[q]}
 * is the sum. Every loop indexes all its arrays alike (the only shape C2 on JDK 17 vectorizes) with seven arrays at
 * most (eight were measured scalar). The initial values join in the conversion's pass, which reads each sum once
 * anyway, rather than as a copy into the sums before the first tap pass (a loop call fewer per run; the first pass
 * writes without reading the sums).
 *
 * <p>The weight and initial-value rows are made once per layer and copied into the thread's {@link ChannelRows}
 * once per group of channels and call, so that every row of a pass shares one alignment ({@link AlignedInts}).
 */
final class ChannelTaps {
    /** Positions a run covers at most: measured at 7×7 (batch 32), 16 channels (784) against 8, 12 and 20. */
    static final int RUN = 800;
    private static final int K = 3;
    private final int w;
    private final int plane;
    private final int channels;
    /** Channels per run (the last run of a sample may hold fewer). */
    private final int group;
    /** Per run of channels g and tap t = 3·ky + kx: {@code weights[9·g + t][p]}, the weight row of the class comment. */
    private final int[][] weights;
    /** Per run of channels g, over q: the initial value of output q. */
    private final int[][] inits;

    /**
     * The rows of a 3×3 layer g with weights {@code wt[9·c + 3·ky + kx]} and initial values {@code init[c]} per
     * channel c.
     */
    ChannelTaps(ConvGeometry g, int[] wt, int[] init) {
        if (g.k() != K || g.stride() != 1 || g.pad() != 1) {
            throw new IllegalArgumentException("not a 3×3 layer of stride 1 that keeps the map's size: " + g);
        }
        this.w = g.w();
        this.plane = g.h() * g.w();
        this.channels = g.cin();
        this.group = Math.max(1, Math.min(channels, RUN / plane));
        int runs = (channels + group - 1) / group;
        this.weights = new int[runs * K * K][width()];
        this.inits = new int[runs][width()];
        for (int r = 0; r < runs; r++) {
            for (int q = 0; q < group * plane && r * group + q / plane < channels; q++) {
                int c = r * group + q / plane;
                int oy = q % plane / w;
                int ox = q % w;
                inits[r][q] = init[c];
                for (int ky = 0; ky < K; ky++) {
                    for (int kx = 0; kx < K; kx++) {
                        boolean inside = oy + ky - 1 >= 0 && oy + ky - 1 < g.h() && ox + kx - 1 >= 0
                                && ox + kx - 1 < w;
                        weights[r * K * K + ky * K + kx][q + kx] = inside ? wt[c * K * K + ky * K + kx] : 0;
                    }
                }
            }
        }
    }

    /** Whether g is a geometry these sums take: a 3×3 layer of stride 1 that keeps a map of at most 64 positions. */
    static boolean takes(ConvGeometry g) {
        return g.k() == K && g.stride() == 1 && g.pad() == 1 && g.h() * g.w() <= 64;
    }

    /** Channels per run. */
    int group() {
        return group;
    }

    /** Runs per sample. */
    int runs() {
        return inits.length;
    }

    /** The ints each of a run's rows holds. */
    int width() {
        return group * plane + K - 1;
    }

    /**
     * Copies run r's weight and initial-value rows into rows, every initial value plus {@code offset} (a
     * {@link ShiftRounding#offset}, or 0), for {@link #sum}s of that run of every sample.
     */
    void load(int r, int offset, ChannelRows rows) {
        for (int t = 0; t < K * K; t++) {
            System.arraycopy(weights[r * K * K + t], 0, rows.weights[t], 0, width());
        }
        int[] init = inits[r];
        for (int p = 0; p < width(); p++) {
            rows.init[p] = init[p] + offset;
        }
    }

    /**
     * The sums of the outputs of the run {@link #load}ed into rows, for the sample whose run starts at {@code x[b]}
     * ({@code b = (sample·channels + first channel)·plane}), into {@code rows.sums[0 .. n)}, n its channels'
     * positions; without the initial values, which {@code rows.init[0 .. n)} holds.
     */
    void sum(int[] x, int b, int n, ChannelRows rows) {
        int len = n + K - 1;
        for (int ky = 0; ky < K; ky++) {
            // reads before x's start or past its end are taps that leave the plane: their weights are 0
            int from = b - w - 1 + ky * w;
            int lo = Math.max(0, -from);
            int hi = Math.min(len, x.length - from);
            System.arraycopy(x, from + lo, rows.inputs[ky], lo, hi - lo);
        }
        int[] acc = rows.sums;
        int[][] wr = rows.weights;
        set(rows.inputs[0], rows.inputs[1], rows.inputs[2], wr[K - 1], wr[2 * K - 1], wr[K * K - 1], acc, len);
        for (int kx = K - 2; kx >= 0; kx--) {
            int m = n + kx; // U_kx's span
            System.arraycopy(acc, 1, acc, 0, m);
            add(rows.inputs[0], rows.inputs[1], rows.inputs[2], wr[kx], wr[K + kx], wr[2 * K + kx], acc, m);
        }
    }

    /** Adds the loaded initial values to the n sums of {@link #sum}, for a conversion that does not add them. */
    static void addInit(ChannelRows rows, int n) {
        int[] acc = rows.sums;
        int[] init = rows.init;
        for (int p = 0; p < n; p++) {
            acc[p] += init[p];
        }
    }

    private static void set(int[] x0, int[] x1, int[] x2, int[] w0, int[] w1, int[] w2, int[] acc, int n) {
        for (int p = 0; p < n; p++) {
            acc[p] = x0[p] * w0[p] + x1[p] * w1[p] + x2[p] * w2[p];
        }
    }

    private static void add(int[] x0, int[] x1, int[] x2, int[] w0, int[] w1, int[] w2, int[] acc, int n) {
        for (int p = 0; p < n; p++) {
            acc[p] += x0[p] * w0[p] + x1[p] * w1[p] + x2[p] * w2[p];
        }
    }
}
