package org.dsodenet.hls;

import java.math.BigInteger;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.WideFx;

/**
 * The comparison results Vitis HLS's C++ types give, which are exact except for mixed signedness with wide operands:
 * Vitis aligns both operands to the finer LSB (the left operand gains one extra bit when it is the one widened) and
 * then compares the aligned words with C's rules for integers of those widths. When the signedness differs, the
 * words are not both narrower than 32 bits, and the unsigned word is at least as wide as the signed one, the order is
 * unsigned (a negative signed operand is greater than the unsigned one); equality compares the words as 64-bit
 * integers when both have the same width up to 64, and as unsigned patterns of max(wa, wb, 32) bits otherwise.
 * Observed with Xilinx's headers; {@code fixedpoint}'s {@link WideFx#compare} is the exact comparison.
 */
final class VitisCompare {
    private VitisCompare() {}

    private record Aligned(int wa, int wb, int f) {
        static Aligned of(FixedType a, FixedType b) {
            int fa = a.fracBits();
            int fb = b.fracBits();
            int wa = fa >= fb ? a.width() : Math.max(a.width() + fb - fa + 1, 1);
            int wb = fa > fb ? Math.max(b.width() + fa - fb, 1) : b.width();
            return new Aligned(wa, wb, Math.max(fa, fb));
        }
    }

    /** Negative, zero or positive as {@code a < b}, neither, or {@code a > b} in Vitis ({@code a} on the left). */
    static int order(BigInteger ra, FixedType a, BigInteger rb, FixedType b) {
        int exact = WideFx.compare(ra, a, rb, b);
        if (a.signed() == b.signed()) {
            return exact;
        }
        Aligned al = Aligned.of(a, b);
        int wu = a.signed() ? al.wb() : al.wa();
        int ws = a.signed() ? al.wa() : al.wb();
        boolean unsignedOrder = !(al.wa() < 32 && al.wb() < 32) && wu >= ws;
        if (unsignedOrder && a.signed() && ra.signum() < 0) {
            return 1;
        }
        if (unsignedOrder && b.signed() && rb.signum() < 0) {
            return -1;
        }
        return exact;
    }

    /** {@code a == b} in Vitis. */
    static boolean equal(BigInteger ra, FixedType a, BigInteger rb, FixedType b) {
        if (WideFx.compare(ra, a, rb, b) == 0) {
            return true;
        }
        if (a.signed() == b.signed()) {
            return false;
        }
        Aligned al = Aligned.of(a, b);
        // Equal widths up to 64 bits compare as 64-bit integers; otherwise unsigned patterns of the larger width.
        int width = al.wa() == al.wb() && al.wa() <= 64 ? 64 : Math.max(Math.max(al.wa(), al.wb()), 32);
        BigInteger u = a.signed() ? rb.shiftLeft(al.f() - b.fracBits()) : ra.shiftLeft(al.f() - a.fracBits());
        BigInteger v = a.signed() ? ra.shiftLeft(al.f() - a.fracBits()) : rb.shiftLeft(al.f() - b.fracBits());
        // The signed word, sign-extended to the pattern width and read unsigned.
        return v.signum() < 0 && u.equals(v.add(BigInteger.ONE.shiftLeft(width)));
    }
}
