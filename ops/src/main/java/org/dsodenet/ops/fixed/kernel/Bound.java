package org.dsodenet.ops.fixed.kernel;

/**
 * One end of a channel's signed sum bound, {@code Σ_j (a[j]·up[i] - c[j]·down[i])} for {@code a, c, up ≥ 0 ≥ down}
 * ({@link IntBatchConv}), in long arithmetic that stops at {@link #CAP} instead of overflowing: a recorded range only
 * needs to hold the raws, and past 2^61 the output's clamp decides alone.
 */
final class Bound {
    /** Where the ends stop growing: the sum of two ends (or of an end and a bias below it) stays within a long. */
    static final long CAP = 1L << 61;

    private Bound() {}

    /** The end, at most CAP; input i is {@code only} for every j when {@code only ≥ 0}, else j. */
    static long end(long[] a, long[] up, long[] c, long[] down, int only) {
        long b = 0;
        for (int j = 0; j < a.length; j++) {
            int i = only >= 0 ? only : j;
            b = Math.min(CAP, b + product(a[j], up[i]));
            b = Math.min(CAP, b + product(c[j], -down[i]));
        }
        return b;
    }

    /**
     * {@link #end}, for ends the caller has proven at most CAP ({@code Σ_j (a[j] + c[j])·m ≤ CAP} with every
     * {@code up, -down ≤ m}): then no partial sum overflows and none needs capping, so plain multiply-adds give it.
     */
    static long endWithinCap(long[] a, long[] up, long[] c, long[] down, int only) {
        long b = 0;
        if (only >= 0) {
            long u = up[only];
            long d = down[only];
            for (int j = 0; j < a.length; j++) {
                b += a[j] * u - c[j] * d;
            }
            return b;
        }
        for (int j = 0; j < a.length; j++) {
            b += a[j] * up[j] - c[j] * down[j];
        }
        return b;
    }

    /** {@code a·m} for a, m ≥ 0, at most CAP. */
    static long product(long a, long m) {
        if ((a | m) < 1L << 31) {
            return a * m;
        }
        return a != 0 && m > CAP / a ? CAP : Math.min(CAP, a * m);
    }
}
