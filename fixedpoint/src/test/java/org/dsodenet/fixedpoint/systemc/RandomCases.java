package org.dsodenet.fixedpoint.systemc;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.fixedpoint.WideFx;
import org.dsodenet.fixedpoint.testing.RawDraw;

/**
 * Random types, raw values and doubles for the SystemC differential tests, biased toward what breaks
 * implementations: widths around 1, 32, 64 and beyond 64, integer bits negative or above W, raws at the range ends
 * and with rounding ties below a random bit.
 */
final class RandomCases {
    static final int MAX_WIDTH = 96;
    private static final int[] EDGE_WIDTHS = {1, 2, 3, 31, 32, 33, 53, 54, 63, 64, 65, 95, 96};

    private static final RawDraw RAWS = new RawDraw(List.of(RawDraw.NEXT_TO_END, RawDraw.SMALL), 4, 1);

    final SplittableRandom rnd;

    RandomCases(long seed) {
        rnd = new SplittableRandom(seed);
    }

    /** A type with every mode equally likely (AP_WRAP_SM only for signed types, as ap_ufixed refuses it). */
    FixedType type() {
        boolean signed = rnd.nextBoolean();
        int w;
        switch (rnd.nextInt(4)) {
            case 0:
                w = 1 + rnd.nextInt(4);
                break;
            case 1:
                w = EDGE_WIDTHS[rnd.nextInt(EDGE_WIDTHS.length)];
                break;
            default:
                w = 1 + rnd.nextInt(MAX_WIDTH);
        }
        int i = rnd.nextInt(w + 17) - 8;
        QuantMode q = QuantMode.fromIndex(rnd.nextInt(7));
        OverflowMode o = OverflowMode.fromIndex(rnd.nextInt(signed ? 5 : 4));
        int n;
        switch (rnd.nextInt(4)) {
            case 0:
                n = 0;
                break;
            case 1:
                n = w; // all bits saturated: the wrap modes become saturation
                break;
            default:
                n = rnd.nextInt(Math.min(w, 3) + 1);
        }
        return new FixedType(signed, w, i, q, o, n);
    }

    /** A type near {@code t}: integer and fractional bits within a few of t's, so conversions round and overflow. */
    FixedType near(FixedType t) {
        FixedType other = type();
        int f = t.fracBits() + rnd.nextInt(9) - 4;
        int i = t.intBits() + rnd.nextInt(9) - 4;
        int w = Math.max(1, Math.min(MAX_WIDTH, i + f));
        return new FixedType(other.signed(), w, w - f, other.quant(), other.overflow(),
                Math.min(other.satBits(), w));
    }

    /** A raw value of t: an extreme, one inside an end, a small value, or uniform, sometimes with a forced tie. */
    BigInteger raw(FixedType t) {
        return RAWS.draw(rnd, t);
    }

    /**
     * A finite normal double near the range and LSB of {@code to}: the exact value of a random fixed-point value of a
     * type of at most 53 bits around {@code to}, so ties, overflows and exact values are all common.
     */
    double nearDouble(FixedType to) {
        int w = 1 + rnd.nextInt(53);
        int f = to.fracBits() + rnd.nextInt(7) - 3;
        FixedType s = new FixedType(true, w, w - f, QuantMode.AP_TRN, OverflowMode.AP_WRAP, 0);
        return WideFx.toDouble(raw(s), s);
    }

    /** A shift amount, negative (the other direction) or at least the width now and then. */
    int shift(FixedType t) {
        return rnd.nextInt(2 * t.width() + 7) - t.width() - 3;
    }
}
