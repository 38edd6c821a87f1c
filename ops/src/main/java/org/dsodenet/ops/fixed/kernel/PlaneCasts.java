package org.dsodenet.ops.fixed.kernel;

/**
 * Moves raws between a long plane and the real plane a layer hands on in {@link Scratch} (see {@link RawPlane}),
 * where a layer on a real plane meets one on longs. Exact both ways: the planning proved every raw an integer the
 * real type holds.
 */
final class PlaneCasts {
    private PlaneCasts() {}

    /** The first n raws of x into the handed plane p of scratch. */
    static void toHanded(long[] x, int n, RawPlane p, Scratch scratch) {
        if (p == RawPlane.FLOATS) {
            float[] y = scratch.handedFloats(n);
            for (int i = 0; i < n; i++) {
                y[i] = x[i];
            }
        } else {
            double[] y = scratch.handedDoubles(n);
            for (int i = 0; i < n; i++) {
                y[i] = x[i];
            }
        }
    }

    /** The first n raws of the handed plane p of scratch into y. */
    static void fromHanded(RawPlane p, Scratch scratch, int n, long[] y) {
        if (p == RawPlane.FLOATS) {
            float[] x = scratch.handedFloats(n);
            for (int i = 0; i < n; i++) {
                y[i] = (long) x[i];
            }
        } else {
            double[] x = scratch.handedDoubles(n);
            for (int i = 0; i < n; i++) {
                y[i] = (long) x[i];
            }
        }
    }
}
