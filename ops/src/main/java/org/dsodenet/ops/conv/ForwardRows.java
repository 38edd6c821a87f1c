package org.dsodenet.ops.conv;

import java.util.Arrays;

/**
 * Per-thread rows of {@link DepthwisePlaneForward}, sized as {@link AlignedRows} sizes them (all in one allocation,
 * so they start at the same offset within a cache line), together with the layout whose zero rows the tall plane
 * still holds.
 *
 * <p>Why: only the samples' planes of a tall plane change from one channel to the next, its gap rows stay zero, so
 * the long fill is needed only when the layout changes (a new geometry, a short last group, grown rows). It took about
 * a tenth of the 64@7×7 forward when done for every channel.
 */
final class ForwardRows {
    private static final ThreadLocal<ForwardRows> LOCAL = ThreadLocal.withInitial(ForwardRows::new);

    private final GrowingRows rows = new GrowingRows();
    /**
     * Whether row {@code zeroedPad} holds the zero gaps of the tall plane of map size {@code zeroedH × zeroedW} with
     * {@code zeroedSamples} samples (the tall plane of a kernel with padding p is row p), in the rows of growth
     * {@code zeroedAt}.
     */
    private boolean zeroed;
    private int zeroedAt;
    private int zeroedH;
    private int zeroedW;
    private int zeroedPad;
    private int zeroedSamples;

    private ForwardRows() {}

    static ForwardRows local() {
        return LOCAL.get();
    }

    /** At least {@code count} rows of at least {@code len} floats, grown when needed (which forgets the zeros). */
    float[][] rows(int count, int len) {
        return rows.atLeast(count, len);
    }

    /**
     * Row {@code pad} as the tall plane of group g of {@code in} with every position outside the samples' planes zero,
     * filled only when the row last held another layout; the caller then writes the samples' planes
     * ({@link TallPlanes#samplesInto}) and nothing else into it. The layout is fixed by map size, padding and
     * sample count: a kernel of another size uses the row for other things, but it has another padding.
     */
    float[] tall(TallPlanes in, int g) {
        float[] row = rows.rows()[in.pad];
        int nb = in.samples(g);
        if (!zeroed || zeroedAt != rows.growths() || zeroedH != in.h || zeroedW != in.w || zeroedPad != in.pad
                || zeroedSamples != nb) {
            Arrays.fill(row, 0, in.tallLength(g), 0f);
            zeroed = true;
            zeroedAt = rows.growths();
            zeroedH = in.h;
            zeroedW = in.w;
            zeroedPad = in.pad;
            zeroedSamples = nb;
        }
        return row;
    }
}
