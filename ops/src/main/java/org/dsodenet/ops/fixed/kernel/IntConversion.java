package org.dsodenet.ops.fixed.kernel;

/** An element-wise kernel's count-free conversion on a plane of int raws, in place ({@link IntSumRounding#plane}). */
public final class IntConversion {
    private final IntSumRounding r;

    private IntConversion(IntSumRounding r) {
        this.r = r;
    }

    /** ReLU's conversion (the clamp's lower bound raised to 0), or null when k is no ReLU or its types do not allow. */
    public static IntConversion of(LayerKernel k) {
        if (!(k instanceof ReluKernel) || !k.fast()) {
            return null;
        }
        IntSumRounding r = IntSumRounding.plane(k.inType(), k.outType(), true);
        return r == null ? null : new IntConversion(r);
    }

    /** Converts {@code v[0 .. count)} in place. */
    public void inPlace(int[] v, int count) {
        r.apply(v, 0, count, 0);
    }

    /**
     * Converts {@code v[0 .. count)} in place, and v's recorded range (if known) with it; leaves out each end of the
     * clamp that no channel's recorded range can reach.
     */
    public void inPlace(int[] v, int count, ChannelRanges range) {
        r.apply(v, 0, count, 0, range.clampsBelow(r), range.clampsAbove(r));
        range.convert(r);
    }
}
