package org.dsodenet.ops.fixed.kernel;

/**
 * The int sums of one depthwise k×k channel over a {@link StackedLayout} run, straight from the UNMASKED stacked
 * row: {@code acc[q] = init + Σ row[q + ky·w + kx]·wt(ky, kx)} modulo 2^32 over the taps that stay in the map's
 * row at output q (a tap that leaves it reads the neighbouring row's edge, where the padding's product is 0).
 *
 * <p>Columns by Horner's scheme, so that k - 1 shifted copies of the row and k - 1 shifts of the sums replace a copy
 * per tap (C2, JDK 17, vectorizes a loop only when every array is indexed alike, so a tap's run must be copied to
 * index 0): with {@code S_ky[p] = row[p + ky·w]} (S_0 is the row itself) and {@code C_kx[p] = Σ_ky S_ky[p]·wt(ky,
 * kx)}, {@code U_{k-1} = init + C_{k-1}} and {@code U_kx[p] = U_{kx+1}[p + 1] + C_kx[p]}, so {@code U_0[q] = init +
 * Σ_kx C_kx[q + kx]}, the sum. U_kx is needed over {@code [0, n + kx)}, so its k - 1 shifts are one
 * {@code System.arraycopy} each, in place.
 *
 * <p>Whether tap column kx leaves the row at output q depends on q's column alone, and the run's stride is a
 * multiple of w, so {@code C_kx[p]} (which output {@code p - kx} takes) is ANDed with a mask over p (0 or -1) per
 * column: {@code (a + b) & m = (a & m) + (b & m)} for such masks, so every term whose tap leaves the row adds 0,
 * whatever (wrapped, modulo 2^32) it read. Columns are summed up to three taps a pass: a longer body with a mask was
 * measured scalar. The masks are the caller's ({@link #fillMasks}), so that they can share one allocation with the
 * rows they are read with ({@link StackedRuns}).
 */
final class StackedTaps {
    /** Taps per pass: see the class comment. */
    private static final int GROUP = 3;
    private final int k;
    private final int pad;
    private final int w;
    /** The outputs a run covers at most. */
    private final int n;

    /** The sums of runs of at most n outputs of a k×k layer on a map w wide. */
    StackedTaps(int k, int w, int n) {
        this.k = k;
        this.pad = (k - 1) / 2;
        this.w = w;
        this.n = n;
    }

    /**
     * Per tap column kx ≠ pad, over p below {@link #width}(n): -1 where output {@code p - kx}'s tap column kx stays
     * in the row, else 0, into {@code masks[kx]}; {@link #sum}'s masks.
     */
    void fillMasks(int[][] masks) {
        for (int kx = 0; kx < k; kx++) {
            if (kx == pad) {
                continue;
            }
            for (int p = 0; p < width(n); p++) {
                int col = Math.floorMod(p - kx, w) + kx - pad; // the input column output p - kx reads
                masks[kx][p] = col >= 0 && col < w ? -1 : 0;
            }
        }
    }

    /** The ints {@link #sum}'s shifted rows and sums hold for a run of n outputs. */
    int width(int n) {
        return n + k - 1;
    }

    /**
     * The sums of the n outputs of a run whose stacked row is row (at least {@code n + (k - 1)·(w + 1)} ints) into
     * {@code acc[0 .. n)}, with the taps' weights {@code wt[w0 + ky·k + kx]} and the masks of {@link #fillMasks}
     * (n at most the constructor's); shifted holds k rows and acc, like them, {@link #width}(n) ints at least.
     */
    void sum(int[] row, int[][] shifted, int[][] masks, int[] wt, int w0, int init, int[] acc, int n) {
        int len = width(n);
        for (int ky = 1; ky < k; ky++) {
            System.arraycopy(row, ky * w, shifted[ky], 0, len);
        }
        for (int kx = k - 1; kx >= 0; kx--) {
            int m = n + kx; // U_kx's span
            if (kx < k - 1) {
                System.arraycopy(acc, 1, acc, 0, m);
            }
            for (int ky = 0; ky < k; ky += GROUP) {
                int t = ky * k + kx;
                int[] x0 = ky == 0 ? row : shifted[ky];
                // a short last group repeats its first row with weight 0 (x·0 = 0, exact)
                int[] x1 = ky + 1 < k ? shifted[ky + 1] : x0;
                int[] x2 = ky + 2 < k ? shifted[ky + 2] : x0;
                int w1 = ky + 1 < k ? wt[w0 + t + k] : 0;
                int w2 = ky + 2 < k ? wt[w0 + t + 2 * k] : 0;
                int[] mask = masks[kx];
                if (kx == k - 1 && ky == 0) {
                    first(x0, x1, x2, wt[w0 + t], w1, w2, mask, init, acc, m);
                } else if (mask == null) {
                    add(x0, x1, x2, wt[w0 + t], w1, w2, acc, m);
                } else {
                    addMasked(x0, x1, x2, wt[w0 + t], w1, w2, mask, acc, m);
                }
            }
        }
    }

    /** The first pass, of a column that leaves the row (k ≥ 3, so column k - 1 &gt; pad). */
    private static void first(int[] x0, int[] x1, int[] x2, int w0, int w1, int w2, int[] mask, int init,
                              int[] acc, int n) {
        for (int p = 0; p < n; p++) {
            acc[p] = init + ((x0[p] * w0 + x1[p] * w1 + x2[p] * w2) & mask[p]);
        }
    }

    private static void add(int[] x0, int[] x1, int[] x2, int w0, int w1, int w2, int[] acc, int n) {
        for (int p = 0; p < n; p++) {
            acc[p] += x0[p] * w0 + x1[p] * w1 + x2[p] * w2;
        }
    }

    private static void addMasked(int[] x0, int[] x1, int[] x2, int w0, int w1, int w2, int[] mask, int[] acc,
                                  int n) {
        for (int p = 0; p < n; p++) {
            acc[p] += (x0[p] * w0 + x1[p] * w1 + x2[p] * w2) & mask[p];
        }
    }
}
