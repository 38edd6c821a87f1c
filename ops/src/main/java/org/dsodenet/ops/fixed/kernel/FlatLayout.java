package org.dsodenet.ops.fixed.kernel;

/**
 * A group layer's input laid out for a k×k convolution of stride 1 whose padding keeps the map's size
 * ({@code 2·pad = k - 1}): per input channel the plane as it is, {@code pad} zero rows above and below (and {@code pad}
 * zeros before and after), so that filling it is one copy per channel, where {@link TapLayout} copies row by row to
 * put padding columns between the rows. Output {@code a = oy·w + ox} reads tap {@code (ky, kx)} at
 * {@code offset(ic, ky, kx) + a}; where {@code ox + kx - pad} leaves the row, that position holds the neighbouring
 * row's edge instead of the padding's zero, so a tap's copied run gets those columns cleared
 * ({@link #clearWrapped}). No extra output columns either: every sum is an output.
 */
final class FlatLayout {
    private final int pad;
    private final int h;
    private final int w;
    private final int planeSize;
    private final int size;

    private FlatLayout(ConvGeometry g) {
        this.pad = g.pad();
        this.h = g.h();
        this.w = g.w();
        // the farthest tap of the last output reads (h + 2·pad)·w + 2·pad - 1
        this.planeSize = (h + 2 * pad) * w + 2 * pad;
        this.size = g.cin() * planeSize;
    }

    /** The layout of g, or null when g is no stride-1 convolution that keeps the map's size (or is 1×1). */
    static FlatLayout of(ConvGeometry g) {
        return g.k() > 1 && g.stride() == 1 && 2 * g.pad() == g.k() - 1 ? new FlatLayout(g) : null;
    }

    int size() {
        return size;
    }

    /** The outputs of a plane, which are its sums: {@code h·w}. */
    int accSize() {
        return h * w;
    }

    /** Where tap {@code (ky, kx)} of input channel ic reads output 0. */
    int offset(int ic, int ky, int kx) {
        return ic * planeSize + ky * w + kx;
    }

    /**
     * Lays out the CHW sample at {@code x0} of x into xs, the zeros left out: for an xs that holds zeros wherever
     * this layout has them (a layout only this one fills).
     */
    void fill(int[] x, int x0, int[] xs) {
        int plane = h * w;
        for (int ic = 0, src = x0, dst = pad * (w + 1); src < x0 + size / planeSize * plane;
                ic++, src += plane, dst += planeSize) {
            System.arraycopy(x, src, xs, dst, plane);
        }
    }

    /**
     * Clears, in the runs of tap column kx copied one after another to {@code row[0 .. n)} (whole planes of
     * {@code h·w}), the outputs whose tap reads past the row's edge (the padding's products, 0). The planes follow each
     * other without a gap, so a column's positions keep their step w across the samples: one strided loop per column
     * over the whole chunk, not one per sample (for small maps the calls cost more than the stores).
     */
    void clearWrapped(int[] row, int n, int kx) {
        if (kx == pad) {
            return;
        }
        int lo = kx < pad ? 0 : Math.max(0, w - (kx - pad)); // a map narrower than the kernel: every column
        int hi = kx < pad ? Math.min(w, pad - kx) : w;
        for (int c = lo; c < hi; c++) { // a column (pad of them at most) down the rows: a strided loop, not a
            for (int a = c; a < n; a += w) { // vector loop of pad elements per row
                row[a] = 0;
            }
        }
    }
}
