package org.dsodenet.ops.conv;

import org.dsodenet.ops.parallel.Parallel;

/**
 * The weight gradient of a depthwise convolution on {@link TallPlanes} (stride 1, output the size of the input):
 * one work item per group of channels, which adds the samples in order. The forward (and with the kernel rotated,
 * the input gradient) on the same planes is {@link DepthwisePlaneForward}.
 */
final class DepthwisePlaneKernel {
    private DepthwisePlaneKernel() {}

    /**
     * Adds weight and (when {@code bg} is not null) bias gradients on {@link DepthwiseGradRows}: one work item per
     * group of channels, whose per-position sums add the samples in order (each sample's row holds the group's
     * channels), then each channel's sum of a tap is {@link Rows#sum} over its own plane's positions. Kernel row ky
     * takes its own copy of the output gradient, placed {@code ky - pad} map rows further on, as the running sums
     * move forward; the sums of positions whose input falls off the map are zeroed once at the end
     * ({@link DepthwiseGradRows#zeroOffMap}).
     *
     * <p>Stacking channels instead of samples keeps the vector loops long on small maps (16 channels of 7×7 instead
     * of 4 samples) while every final sum runs over one plane (49 values at 7×7) instead of a whole row.
     *
     * <p>Why one sample and three taps per pass ({@link Rows#mulAcc3}, seven arrays): on JDK 17 C2 leaves a loop
     * of eight or more arrays scalar (10–13× slower) whenever its bounds are not compile-time constants, so the bias
     * sums cannot ride along in the taps' loop, nor can two samples share one pass over three taps' sums (both
     * vectorize in a benchmark with constant bounds, and ran 2–4× slower here). Loads at an offset are not
     * vectorized either, hence the copies. Measured and slower or no faster at batch 32: fewer channels per row to
     * keep the 14 rows in L1 (256–400 positions: the per-call ends cost more than the misses), three samples per
     * tap ({@link WeightRowTaps#taps3}'s shape: 28 rows), kernel rows in separate passes over the samples, and one
     * pass with the input gradient's channel rows sharing the output gradient's column shifts (9 copies per sample
     * instead of 12; its 26 rows leave L1).
     *
     * <p>Why no faster layout is left here (session 14, one thread, batch 32): the six copies per sample and group
     * cost nearly as much as the three tap passes (an L1 copy is ≈ 0.037 ns per float, a {@link Rows#mulAcc3} pass
     * ≈ 0.1 ns per position), and six is the fewest that give the nine offsets between the output gradient and
     * the input (three copies of each); C2 vectorizes a load at a constant offset only when it is a multiple of 16
     * floats, so neither a kernel row's W nor a column's 1 can be read in place. Measured, all bit for bit the
     * same floats, none faster by more than the noise: a backward that shares the output gradient's column shifts
     * with the input gradient (the input at three row offsets instead, 9 copies per sample and group instead of 12:
     * 64@7×7 within 5 %, 32@14×14 and 16@28×28 slower, the latter also on one plane a row with plain weights:
     * 581 → 636 µs), two samples per one-tap pass (five arrays, it vectorizes: no faster at 64@7×7, faster or
     * slower by a JVM at the larger maps), bias sums of two samples per pass, off-map zeroing without the short
     * fills, reading the next sample's planes ahead, and groups of 500–1,000 positions.
     */
    static void paramGrad(TallPlanes in, float[] x, float[] dy, float[] wg, float[] bg) {
        final DepthwiseGradRows rows = new DepthwiseGradRows(in, DepthwiseGradRows.TARGET);
        final int k = in.k;
        final int kk = k * k;
        final int plane = in.plane;
        final int rowLen = rows.length;
        Parallel.forEach(rows.groups, g -> {
            // one allocation: the k column shifts, the output gradient, then the k·k tap sums and the bias sums
            float[][] all = AlignedRows.rows(1, k + kk + 2, rowLen);
            float[][] shifts = all;
            float[] d = all[k];
            final int acc = k + 1;
            for (int r = 0; r <= kk; r++) {
                Rows.fill(all[acc + r], rowLen, 0f);
            }
            int len = rows.positions(g);
            for (int s = 0; s < in.batch; s++) {
                rows.shifts(x, s, g, shifts);
                for (int ky = 0; ky < k; ky++) {
                    int at = rows.at(ky);
                    rows.gradRow(dy, s, g, ky, d);
                    if (ky == in.pad) {
                        Rows.add(d, all[acc + kk], at, at + len);
                    }
                    for (int kx0 = 0; kx0 < k; kx0 += 3) {
                        Rows.mulAcc(Math.min(3, k - kx0), d, shifts, kx0, all, acc + ky * k + kx0, at, at + len);
                    }
                }
            }
            for (int t = 0; t < kk; t++) {
                rows.zeroOffMap(all[acc + t], g, t / k, t % k);
            }
            for (int j = 0; j < rows.channels(g); j++) {
                int ch = g * rows.group + j;
                for (int t = 0; t < kk; t++) {
                    int at = rows.at(t / k) + j * plane;
                    wg[ch * kk + t] += Rows.sum(all[acc + t], at, at + plane);
                }
                if (bg != null) {
                    int at = rows.at(in.pad) + j * plane;
                    bg[ch] += Rows.sum(all[acc + kk], at, at + plane);
                }
            }
        });
    }
}
