package org.dsodenet.ops.fixed.kernel;

/**
 * The shape of a k×k convolution: {@code cin} input planes of {@code h×w}, the stride, the zero padding on every
 * side, and the {@code ho×wo} output planes they give. A linear layer is the 1×1 case over 1×1 planes.
 *
 * <p>The kernels copy these into locals before their loops, so that the element loops run on primitives.
 */
record ConvGeometry(int cin, int h, int w, int k, int stride, int pad, int ho, int wo) {

    /** The geometry with the output size the padding and stride give. */
    static ConvGeometry of(int cin, int h, int w, int k, int stride, int pad) {
        return new ConvGeometry(cin, h, w, k, stride, pad, (h + 2 * pad - k) / stride + 1,
                (w + 2 * pad - k) / stride + 1);
    }

    /**
     * The first output index along an axis whose tap at kernel offset {@code kk} reads inside the input: the ones
     * before it read the leading padding.
     */
    static int first(int kk, int stride, int pad) {
        return Math.max(0, FastTypes.ceilDiv(pad - kk, stride));
    }

    /**
     * The last output index (below {@code outSize}) along an axis of {@code size} inputs whose tap at kernel offset
     * {@code kk} reads inside the input; below {@link #first} when the tap reads only padding.
     */
    static int last(int kk, int size, int outSize, int stride, int pad) {
        return Math.min(outSize - 1, Math.floorDiv(size - 1 + pad - kk, stride));
    }

    /** The first output row (or column: the padding is the same on both axes) that tap offset {@code kk} reaches. */
    int firstOut(int kk) {
        return first(kk, stride, pad);
    }

    /** The last output row that tap row {@code ky} reaches. */
    int lastRow(int ky) {
        return last(ky, h, ho, stride, pad);
    }

    /** The last output column that tap column {@code kx} reaches. */
    int lastCol(int kx) {
        return last(kx, w, wo, stride, pad);
    }

    /** How many outputs tap {@code (ky, kx)} reaches, that is how many of its products are not padding. */
    long reach(int ky, int kx) {
        long rows = Math.max(0, lastRow(ky) - firstOut(ky) + 1);
        long cols = Math.max(0, lastCol(kx) - firstOut(kx) + 1);
        return rows * cols;
    }
}
