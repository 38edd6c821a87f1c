package org.dsodenet.ops.fixed.kernel;

/**
 * A group layer's input laid out for a k×k convolution whose outputs are its input's positions taken every
 * {@code stride}-th ({@code ho = h / stride}, {@code wo = w / stride}, both exact): per input channel the
 * {@code stride²} phase planes of {@code ho×wo}, phase {@code (py, px)} holding input row {@code r·stride + py},
 * column {@code c·stride + px} at {@code (r, c)}, each with zeros before and after as far as the taps reach out of it.
 * At stride 1 that is the plane itself with {@code pad} zero rows above and below (and {@code pad} zeros before and
 * after), filled by one copy per channel, where {@link TapLayout} copies row by row to put padding columns between
 * the rows. Tap {@code (ky, kx)} reads input row {@code stride·oy + ky - pad}, that is phase row
 * {@code py = (ky - pad) mod stride} at row {@code oy + dy}, {@code dy = floor((ky - pad) / stride)} (columns alike), so
 * output {@code a = oy·wo + ox} reads it at {@code offset(ic, ky, kx) + a}; where {@code ox + dx} leaves the row, that
 * position holds the neighbouring row's edge instead of the padding's zero, so a tap's copied run gets those
 * columns cleared ({@link #clearWrapped}). No extra output columns either: every sum is an output, and a sample's
 * sums are its output plane as they are.
 */
final class FlatLayout {
    private final int pad;
    private final int stride;
    private final int h;
    private final int w;
    private final int ho;
    private final int wo;
    /** Zeros before a phase plane's first value: the farthest reach back of a tap, {@code -dy·wo - dx}. */
    private final int before;
    private final int planeSize;
    private final int size;

    private FlatLayout(ConvGeometry g) {
        this.pad = g.pad();
        this.stride = g.stride();
        this.h = g.h();
        this.w = g.w();
        this.ho = g.ho();
        this.wo = g.wo();
        int back = -Math.floorDiv(-pad, stride);
        int ahead = Math.floorDiv(g.k() - 1 - pad, stride);
        this.before = back * (wo + 1);
        // the farthest tap of the last output reads (ho + ahead)·wo + ahead - 1 past the first value
        this.planeSize = before + ho * wo + Math.max(0, ahead) * (wo + 1);
        this.size = g.cin() * stride * stride * planeSize;
    }

    /** The layout of g, or null when g is no stride-1 convolution that keeps the map's size (or is 1×1). */
    static FlatLayout of(ConvGeometry g) {
        return g.k() > 1 && g.stride() == 1 && 2 * g.pad() == g.k() - 1 ? new FlatLayout(g) : null;
    }

    /**
     * The layout of a strided g ({@code stride ≥ 2}) whose output is its input taken every stride-th position
     * exactly ({@code h = stride·ho}, {@code w = stride·wo}), or null (then every tap's reach lies within its phase
     * plane's margins). The stride-2 3×3 downsampling of 28×28 and 14×14 maps is one.
     */
    static FlatLayout phased(ConvGeometry g) {
        int s = g.stride();
        boolean exact = s >= 2 && g.k() > 1 && g.h() == s * g.ho() && g.w() == s * g.wo() && g.pad() < g.k();
        return exact ? new FlatLayout(g) : null;
    }

    int size() {
        return size;
    }

    /** The outputs of a plane, which are its sums: {@code ho·wo}. */
    int accSize() {
        return ho * wo;
    }

    /** Where tap {@code (ky, kx)} of input channel ic reads output 0. */
    int offset(int ic, int ky, int kx) {
        int py = Math.floorMod(ky - pad, stride);
        int px = Math.floorMod(kx - pad, stride);
        int phase = (ic * stride + py) * stride + px;
        return phase * planeSize + before + Math.floorDiv(ky - pad, stride) * wo + Math.floorDiv(kx - pad, stride);
    }

    /**
     * Lays out the CHW sample at {@code x0} of x into xs, the zeros left out: for an xs that holds zeros wherever
     * this layout has them (a layout only this one fills).
     */
    void fill(int[] x, int x0, int[] xs) {
        int plane = h * w;
        int channels = size / (stride * stride * planeSize);
        if (stride == 1) {
            for (int ic = 0, src = x0, dst = before; ic < channels; ic++, src += plane, dst += planeSize) {
                System.arraycopy(x, src, xs, dst, plane);
            }
            return;
        }
        for (int ic = 0; ic < channels; ic++) {
            for (int iy = 0; iy < h; iy++) {
                int src = x0 + ic * plane + iy * w;
                int dst = ((ic * stride + iy % stride) * stride) * planeSize + before + iy / stride * wo;
                if (stride == 2) {
                    deinterleave(x, src, xs, dst, dst + planeSize, wo);
                } else {
                    for (int px = 0; px < stride; px++) {
                        for (int c = 0; c < wo; c++) {
                            xs[dst + px * planeSize + c] = x[src + c * stride + px];
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code even[e0 + c] = x[s0 + 2c]}, {@code odd[o0 + c] = x[s0 + 2c + 1]} for c < n: one input row into both its
     * phase rows in one pass that reads the row in order (strided, so scalar on JDK 17 whatever its shape).
     */
    private static void deinterleave(int[] x, int s0, int[] xs, int e0, int o0, int n) {
        for (int c = 0; c < n; c++) {
            xs[e0 + c] = x[s0 + 2 * c];
            xs[o0 + c] = x[s0 + 2 * c + 1];
        }
    }

    /**
     * Clears, in the runs of tap column kx copied one after another to {@code row[0 .. n)} (whole planes of
     * {@code ho·wo}), the outputs whose tap reads past the row's edge (the padding's products, 0). The planes follow
     * each other without a gap, so a column's positions keep their step wo across the samples: one strided loop per
     * column over the whole chunk, not one per sample (for small maps the calls cost more than the stores).
     */
    void clearWrapped(int[] row, int n, int kx) {
        int dx = Math.floorDiv(kx - pad, stride);
        if (dx == 0) {
            return;
        }
        int lo = dx < 0 ? 0 : Math.max(0, wo - dx); // a map narrower than the kernel: every column
        int hi = dx < 0 ? Math.min(wo, -dx) : wo;
        for (int c = lo; c < hi; c++) { // a column (pad of them at most) down the rows: a strided loop, not a
            for (int a = c; a < n; a += wo) { // vector loop of pad elements per row
                row[a] = 0;
            }
        }
    }
}
