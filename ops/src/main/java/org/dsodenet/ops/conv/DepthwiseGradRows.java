package org.dsodenet.ops.conv;

import java.util.Arrays;

/**
 * Geometry of the depthwise weight gradient on {@link TallPlanes}-style rows ({@link DepthwisePlaneKernel#paramGrad}
 * and the small-map forward and input gradient, {@link StackedForward}): a row holds a group of consecutive
 * channels of one sample back to back, as NCHW stores them, so filling a row is
 * one copy per sample and group instead of one per channel plane (a copy of a 7×7 plane takes about 6.6 ns on this
 * machine, mostly the call, where a row of 16 planes takes one such call).
 *
 * <p>Positions: the plane value (c, iy, ix) of the group sits at {@code origin + c·H·W + iy·W + ix}. Kernel row ky
 * pairs it with the output gradient held at {@link #at}(ky), so every loop indexes all of its arrays alike. With no
 * zero rows between the planes and no zero columns in the shifts, a tap whose input falls off the map reads a
 * neighbouring row or plane (or whatever lies around the group) instead of padding; the per-position sums of those
 * positions are set to zero once at the end ({@link #zeroOffMap}) instead of zeroing inputs for every sample.
 */
final class DepthwiseGradRows {
    /**
     * Rows aim at about this many positions. At 7×7 that is 16 channels a row: the k·k + 1 sums, the k column shifts
     * and the output gradient (14 rows for 3×3, about 44 KB) then pass a 32 KB L1, yet in interleaved runs this was
     * faster than 512 positions (10 channels, 26 KB), as fewer, longer loops spend less on their scalar ends.
     */
    static final int TARGET = 800;

    /** The layer's geometry: batch, channels, map and window. */
    final TallPlanes in;
    /** Channels per row (the last group may hold fewer). */
    final int group;
    final int groups;
    /** Position of the group's first value: room for the first kernel row's and first column shift's reads. */
    final int origin;
    /** Length every row needs. */
    final int length;

    DepthwiseGradRows(TallPlanes in, int target) {
        this.in = in;
        int most = Math.max(1, Math.min(in.channels, target / in.plane));
        int count = (in.channels + most - 1) / most;
        this.group = (in.channels + count - 1) / count;
        this.groups = (in.channels + group - 1) / group;
        this.origin = in.pad * in.w + in.pad;
        this.length = origin + group * in.plane + in.pad * in.w + in.pad;
    }

    /** Channels of group g. */
    int channels(int g) {
        return Math.min(group, in.channels - g * group);
    }

    /** Positions of group g: its channels' planes. */
    int positions(int g) {
        return channels(g) * in.plane;
    }

    /** Where kernel row ky's output gradient, products and sums start: {@code ky - pad} map rows from the origin. */
    int at(int ky) {
        return origin + (ky - in.pad) * in.w;
    }

    /**
     * The column shifts of group g of sample s, over the positions every kernel row reads: {@code rows[pad]} holds
     * the planes, {@code rows[kx]} the same shifted by {@code kx - pad} columns. Positions around the group keep
     * what they held: only off-map products read them, and {@link #zeroOffMap} discards those.
     */
    void shifts(float[] x, int s, int g, float[][] rows) {
        float[] centre = rows[in.pad];
        int len = positions(g);
        System.arraycopy(x, (s * in.channels + g * group) * in.plane, centre, origin, len);
        int from = at(0);
        int end = at(in.k - 1) + len;
        for (int kx = 0; kx < in.k; kx++) {
            if (kx != in.pad) {
                System.arraycopy(centre, from + kx - in.pad, rows[kx], from, end - from);
            }
        }
    }

    /** The output gradient of group g of sample s into {@code row} from {@link #at}(ky), for kernel row ky. */
    void gradRow(float[] dy, int s, int g, int ky, float[] row) {
        System.arraycopy(dy, (s * in.channels + g * group) * in.plane, row, at(ky), positions(g));
    }

    /**
     * Sets the per-position sums of tap (ky, kx) of group g to +0 wherever the tap's input falls off the map. Over
     * zero padding each of those sums adds zero products to +0 and stays +0, so each channel's sum over its plane
     * then adds exactly the values it adds over padded maps, whatever the neighbouring values were.
     */
    void zeroOffMap(float[] acc, int g, int ky, int kx) {
        int rowLo = clamp(in.pad - ky, in.h);
        int rowHi = clamp(in.h + in.pad - ky, in.h);
        int colLo = clamp(in.pad - kx, in.w);
        int colHi = clamp(in.w + in.pad - kx, in.w);
        int first = at(ky);
        int end = first + positions(g);
        for (int c = 0; c < in.w; c++) {
            if (c < colLo || c >= colHi) {
                TallPlanes.zeroColumn(acc, first + c, end, in.w);
            }
        }
        for (int p = first; p < end; p += in.plane) {
            Arrays.fill(acc, p, p + rowLo * in.w, 0f);
            Arrays.fill(acc, p + Math.max(rowLo, rowHi) * in.w, p + in.plane, 0f);
        }
    }

    private static int clamp(int v, int hi) {
        return Math.max(0, Math.min(hi, v));
    }
}
