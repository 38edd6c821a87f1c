package org.dsodenet.fixedpoint;

/**
 * A double seen the way ap_fixed's double constructor sees it: a signed 54-bit integer mantissa with the implicit
 * leading one, and a number of fractional bits. Subnormals are read the way Xilinx reads them (with an implicit one
 * and the minimum exponent), which is only far from their true value below 2^-1022.
 */
record DoubleParts(long mantissa, int fracBits) {
    /** Width of the signed mantissa container Xilinx uses (52 fraction bits, the implicit one and a sign). */
    static final int WIDTH = 54;

    static DoubleParts of(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("cannot convert " + v + " to fixed point: no NaN or infinity in ap_fixed");
        }
        long bits = Double.doubleToRawLongBits(v);
        if ((bits & Long.MAX_VALUE) == 0) {
            return new DoubleParts(0, 0);
        }
        int exp = (int) ((bits >>> 52) & 0x7ff) - 1023;
        long man = (bits & ((1L << 52) - 1)) | (1L << 52);
        if (bits < 0) {
            man = -man;
        }
        // value = man * 2^(exp - 52), held in a 54-bit container with I2 = exp + 2.
        return new DoubleParts(man, 52 - exp);
    }
}
