package org.dsodenet.ops.conv;

/**
 * What a forward kernel applies to one channel's outputs while they are still in its own row, before it writes them
 * out: the bit-exact forward converts its exact sums there (in L1, in one loop per row) instead of in a second pass
 * over the whole output.
 */
@FunctionalInterface
public interface ChannelFinish {
    /**
     * Replaces each {@code row[from .. to)} by its finished value: the outputs of {@code channel} lie among these
     * positions, the others are computed and dropped, so the finish must accept any float there and may not depend
     * on a position's neighbours.
     */
    void apply(int channel, float[] row, int from, int to);
}
