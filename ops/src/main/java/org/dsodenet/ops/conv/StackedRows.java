package org.dsodenet.ops.conv;

import java.util.Arrays;

/**
 * Per-thread rows of {@link StackedForward}, sized as {@link AlignedRows} sizes them (all in one allocation, so they
 * start at the same offset within a cache line), together with the geometry whose tap masks they hold.
 *
 * <p>Why: a weight row is its channel's weight where the tap stays on the plane and 0 where it falls off. Built
 * from fills per plane and per off-map row, the weight rows took about a sixth of the 64@7×7 forward (a call per
 * short fill). The 0/1 mask of where each tap stays on its plane depends only on the map, the kernel and the group
 * size, so it is made once per geometry, and each call's weight rows are one pass per channel and tap writing
 * the weight times the mask.
 */
final class StackedRows {
    private static final ThreadLocal<StackedRows> LOCAL = ThreadLocal.withInitial(StackedRows::new);

    private final GrowingRows rows = new GrowingRows();
    /**
     * Whether rows {@code maskRow ..} hold the masks of map {@code maskH × maskW}, kernel maskK, group maskGroup, in
     * the rows of growth {@code maskAt}.
     */
    private boolean masked;
    private int maskAt;
    private int maskRow;
    private int maskH;
    private int maskW;
    private int maskK;
    private int maskGroup;

    private StackedRows() {}

    static StackedRows local() {
        return LOCAL.get();
    }

    /** At least {@code count} rows of at least {@code len} floats, grown when needed (which forgets the masks). */
    float[][] rows(int count, int len) {
        return rows.atLeast(count, len);
    }

    /**
     * Rows {@code m0 + t} as tap t's mask for a full group of {@code geo}: 1 at the positions where kernel row t/k
     * works ({@link DepthwiseGradRows#at}) and the tap reads its own plane, 0 where it falls off it; made only
     * when they hold another geometry's. A shorter last group uses the same masks over fewer positions.
     */
    float[][] masks(DepthwiseGradRows geo, int m0) {
        TallPlanes in = geo.in;
        float[][] all = rows.rows();
        if (masked && maskAt == rows.growths() && maskRow == m0 && maskH == in.h && maskW == in.w && maskK == in.k
                && maskGroup == geo.group) {
            return all;
        }
        int kk = in.k * in.k;
        for (int t = 0; t < kk; t++) {
            int at = geo.at(t / in.k);
            Arrays.fill(all[m0 + t], at, at + geo.positions(0), 1f);
            geo.zeroOffMap(all[m0 + t], 0, t / in.k, t % in.k);
        }
        masked = true;
        maskAt = rows.growths();
        maskRow = m0;
        maskH = in.h;
        maskW = in.w;
        maskK = in.k;
        maskGroup = geo.group;
        return all;
    }
}
