package org.dsodenet.fixedpoint;

/** {@link WrapBits} on {@code long} patterns, for W ≤ 64. */
final class FastWrapBits {
    private FastWrapBits() {}

    static long apply(long v, int w, boolean signed, OverflowMode o, int n, boolean neg, boolean lD) {
        long all = w == 64 ? -1L : (1L << w) - 1;
        if (o == OverflowMode.AP_WRAP) {
            if (n == 0) {
                return v;
            }
            if (!signed) {
                return setRange(v, w - n, w - 1, true);
            }
            v = setBit(v, w - 1, neg);
            return n > 1 ? setRange(v, w - n, w - 2, !neg) : v;
        }
        boolean ro = bit(v, w - 1);
        if (n == 0) {
            if (lD != ro) {
                v = setBit(v ^ all, w - 1, lD);
            }
            return v;
        }
        if (n == 1) {
            if (neg != ro) {
                v ^= all;
            }
        } else {
            if (bit(v, w - n) == neg) {
                v ^= all;
            }
            v = setRange(v, w - n, w - 2, !neg);
        }
        return setBit(v, w - 1, neg);
    }

    private static boolean bit(long v, int i) {
        return ((v >>> i) & 1) != 0;
    }

    private static long setBit(long v, int i, boolean value) {
        return value ? v | (1L << i) : v & ~(1L << i);
    }

    private static long setRange(long v, int lo, int hi, boolean ones) {
        if (hi < lo) {
            return v;
        }
        int len = hi - lo + 1;
        long m = (len == 64 ? -1L : (1L << len) - 1) << lo;
        return ones ? v | m : v & ~m;
    }
}
