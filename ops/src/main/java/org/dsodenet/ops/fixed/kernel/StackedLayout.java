package org.dsodenet.ops.fixed.kernel;

/**
 * One input channel of a chunk of samples laid out for a depthwise k×k convolution of stride 1 that keeps the map's
 * size ({@code 2·pad = k - 1}): the samples' planes one after another in one row, each followed by {@code pad} zero
 * rows (which serve as the next plane's upper padding), {@code pad·w + pad} zeros before the first. Sample j's output
 * {@code a = oy·w + ox} sits at {@code q = j·stride() + a} and reads tap {@code (ky, kx)} at {@code q + offset(ky, kx)},
 * so each tap's run over the whole chunk is ONE copy, hundreds of values long where {@link FlatLayout} copies one
 * 49-value run per sample at 7×7 (too short for C2's vector loops, and a call each). The {@code pad·w} positions
 * after each plane compute sums nobody reads; each of their taps reads an input of the channel or a zero, so they
 * stay within the bounds proved for real outputs.
 *
 * <p>Where {@code ox + kx - pad} leaves the row, a tap reads the neighbouring row's edge instead of the padding's
 * zero. Channels on plain ints mask those terms in their sums ({@link StackedTaps}). For the split routes, tap
 * column kx reads those input columns ONLY then (kx &lt; pad: columns {@code w + kx - pad .. w - 1}, kx &gt;
 * pad: {@code 0 .. kx - pad - 1}), so its taps copy from a {@link #masked} row with those columns zeroed: one AND per
 * input value and tap column, where clearing the outputs took a strided store loop per tap (43 % of the layer's time
 * at 64@7×7). The stride is a multiple of w, so a column keeps its step across the samples.
 */
final class StackedLayout {
    private final int pad;
    private final int w;
    private final int plane;
    private final int stride;
    /** The samples a chunk holds at most. */
    private final int samples;
    /** Per tap column kx, -1 where that column's taps may read a position and 0 where only wrapped taps do (null at pad). */
    private final int[][] masks;

    private StackedLayout(ConvGeometry g, int samples) {
        this.pad = g.pad();
        this.w = g.w();
        this.plane = g.h() * g.w();
        this.stride = (g.h() + g.pad()) * g.w();
        this.samples = samples;
        int n = size(samples);
        this.masks = new int[g.k()][];
        for (int kx = 0; kx < g.k(); kx++) {
            if (kx == pad) {
                continue;
            }
            // a map narrower than the kernel: every column (max and min below)
            int lo = kx < pad ? Math.max(0, w + kx - pad) : 0;
            int hi = kx < pad ? w : Math.min(w, kx - pad);
            masks[kx] = new int[n];
            for (int p = 0; p < n; p++) {
                int col = Math.floorMod(p - pad, w); // the first plane starts at pad·w + pad
                masks[kx][p] = col >= lo && col < hi ? 0 : -1;
            }
        }
    }

    /**
     * The layout of a depthwise g for chunks of as many samples as runs of about {@code run} outputs hold (one at
     * least), or null when it has no {@link FlatLayout}.
     */
    static StackedLayout of(ConvGeometry g, int run) {
        return FlatLayout.of(g) != null
                ? new StackedLayout(g, Math.max(1, run / ((g.h() + g.pad()) * g.w()))) : null;
    }

    /** The samples a chunk holds at most. */
    int samples() {
        return samples;
    }

    /**
     * Row with the input columns that tap column kx reads only past the row's edge zeroed, into out, over n
     * ({@code size(m)}) positions; for kx = pad, which never leaves the row, row itself.
     */
    int[] masked(int[] row, int kx, int n, int[] out) {
        if (kx == pad) {
            return row;
        }
        int[] mask = masks[kx];
        for (int p = 0; p < n; p++) {
            out[p] = row[p] & mask[p];
        }
        return out;
    }

    /** Where sample j's sums start in a tap's run. */
    int stride() {
        return stride;
    }

    /** The sums of m samples, the last plane's trailing gap left out. */
    int runLength(int m) {
        return (m - 1) * stride + plane;
    }

    /**
     * The ints a row of m samples needs: the farthest tap of the last output reads {@code runLength(m) - 1 +
     * offset(k - 1, k - 1)}, past its own gap into the next plane's first pad positions (wrapped columns only).
     */
    int size(int m) {
        return m * stride + pad * w + 2 * pad;
    }

    /** Where tap {@code (ky, kx)} reads output 0. */
    int offset(int ky, int kx) {
        return ky * w + kx;
    }

    /**
     * Copies the planes of m samples (sample j's at {@code x0 + j·step} of x) into row, the zeros left out: for a row
     * that holds zeros wherever this layout has them (a row only this layout fills).
     */
    void fill(int[] x, int x0, int step, int m, int[] row) {
        for (int j = 0, src = x0, dst = pad * w + pad; j < m; j++, src += step, dst += stride) {
            System.arraycopy(x, src, row, dst, plane);
        }
    }
}
