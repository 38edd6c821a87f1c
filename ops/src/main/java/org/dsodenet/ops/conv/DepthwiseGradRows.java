package org.dsodenet.ops.conv;

import java.util.Arrays;

/**
 * Geometry of the depthwise weight gradient on {@link TallPlanes}-style rows ({@link DepthwisePlaneKernel#paramGrad}):
 * a row holds a group of consecutive channels of one sample back to back, as NCHW stores them, so filling a row is
 * one copy per sample and group instead of one per channel plane (at 7×7 those small copies cost about as much as
 * the products).
 *
 * <p>Positions: the plane value (c, iy, ix) of the group sits at {@code origin + c·H·W + iy·W + ix}. Kernel row ky
 * pairs it with the output gradient held at {@link #at}(ky), so every loop indexes all of its arrays alike. With no
 * zero rows between the planes, a tap whose input row falls off its plane reads the neighbouring plane (or the zeros
 * around the group); {@link #gradRow} zeroes the output gradient of those positions instead, so their products
 * are zero all the same and every per-position sum starts from and stays at +0 there, as it does over zero padding.
 * Columns that fall off the map are zero in the column shifts, as in {@link TallPlanes#columnShift}.
 */
final class DepthwiseGradRows {
    /**
     * Rows aim at about this many positions: the k·k + 1 sums, the k column shifts and the output gradient (14 rows
     * for 3×3, about 26 KB at 7×7) then stay in L1.
     */
    static final int TARGET = 512;

    final int batch;
    final int channels;
    final int h;
    final int w;
    final int k;
    final int pad;
    final int plane;
    /** Channels per row (the last group may hold fewer). */
    final int group;
    final int groups;
    /** Position of the group's first value: room for the first kernel row's and first column shift's reads. */
    final int origin;
    /** Length every row needs. */
    final int length;

    DepthwiseGradRows(TallPlanes in, int target) {
        this.batch = in.batch;
        this.channels = in.channels;
        this.h = in.h;
        this.w = in.w;
        this.k = in.k;
        this.pad = in.pad;
        this.plane = in.plane;
        int most = Math.max(1, Math.min(channels, target / plane));
        int count = (channels + most - 1) / most;
        this.group = (channels + count - 1) / count;
        this.groups = (channels + group - 1) / group;
        this.origin = pad * w + pad;
        this.length = origin + group * plane + pad * w + pad;
    }

    /** Channels of group g. */
    int channels(int g) {
        return Math.min(group, channels - g * group);
    }

    /** Positions of group g: its channels' planes. */
    int positions(int g) {
        return channels(g) * plane;
    }

    /** Where kernel row ky's output gradient, products and sums start: {@code ky - pad} map rows from the origin. */
    int at(int ky) {
        return origin + (ky - pad) * w;
    }

    /**
     * The column shifts of group g of sample s, over the positions every kernel row reads: {@code rows[pad]} holds
     * the planes with zeros around them, {@code rows[kx]} the same shifted by {@code kx - pad} columns.
     */
    void shifts(float[] x, int s, int g, float[][] rows) {
        float[] centre = rows[pad];
        int len = positions(g);
        Arrays.fill(centre, 0, origin, 0f);
        System.arraycopy(x, (s * channels + g * group) * plane, centre, origin, len);
        Arrays.fill(centre, origin + len, length, 0f);
        int from = at(0);
        int end = at(k - 1) + len;
        for (int kx = 0; kx < k; kx++) {
            if (kx != pad) {
                TallPlanes.columnShift(centre, from, end, kx, pad, w, rows[kx]);
            }
        }
    }

    /**
     * The output gradient of group g of sample s for kernel row ky into {@code row} from {@link #at}(ky), zero on the
     * map rows whose input row (oy + ky - pad) falls off the plane.
     */
    void gradRow(float[] dy, int s, int g, int ky, float[] row) {
        int at = at(ky);
        int end = at + positions(g);
        System.arraycopy(dy, (s * channels + g * group) * plane, row, at, end - at);
        int top = Math.min(h, pad - ky) * w;
        int bottom = Math.max(0, h - (ky - pad)) * w;
        for (int p = at; p < end; p += plane) {
            for (int j = p; j < p + top; j++) {
                row[j] = 0f;
            }
            for (int j = p + bottom; j < p + plane; j++) {
                row[j] = 0f;
            }
        }
    }
}
