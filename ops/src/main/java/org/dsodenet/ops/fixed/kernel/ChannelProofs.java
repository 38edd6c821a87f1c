package org.dsodenet.ops.fixed.kernel;

/**
 * Per output channel of a multiply-accumulate layer: no per-step checks needed ({@code exact}), and that on ints
 * ({@code narrow}) or else on doubles ({@code doubles}); for the count-free forward, on floats in any order
 * ({@code floats}) or else on doubles in any order ({@code reals}), with bounds on every partial sum of
 * {@code Σ x·w} for those ({@code sumLo}, {@code sumHi}; 0 for the others). Made by {@link ChannelAnalysis}.
 */
record ChannelProofs(boolean[] exact, boolean[] narrow, boolean[] doubles, boolean[] floats, boolean[] reals,
                     long[] sumLo, long[] sumHi) {

    /** No channel proven anything. */
    static ChannelProofs none(int outs) {
        return new ChannelProofs(new boolean[outs], new boolean[outs], new boolean[outs], new boolean[outs],
                new boolean[outs], new long[outs], new long[outs]);
    }

    boolean any() {
        return anyOf(narrow);
    }

    boolean anyDouble() {
        return anyOf(doubles);
    }

    private static boolean anyOf(boolean[] flags) {
        for (boolean b : flags) {
            if (b) {
                return true;
            }
        }
        return false;
    }
}
