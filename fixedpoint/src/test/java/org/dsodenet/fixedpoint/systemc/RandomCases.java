package org.dsodenet.fixedpoint.systemc;

import java.math.BigInteger;
import java.util.Random;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.fixedpoint.WideFx;

/**
 * Random types, raw values and doubles for the SystemC differential tests, biased toward what breaks
 * implementations: widths around 1, 32, 64 and beyond 64, integer bits negative or above W, raws at the range ends
 * and with rounding ties below a random bit.
 */
final class RandomCases {
    static final int MAX_WIDTH = 96;
    private static final int[] EDGE_WIDTHS = {1, 2, 3, 31, 32, 33, 53, 54, 63, 64, 65, 95, 96};

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

    /** A raw value of t: an extreme, a small value, uniform, or uniform with a forced tie pattern. */
    BigInteger raw(FixedType t) {
        BigInteger min = WideFx.minRaw(t);
        BigInteger max = WideFx.maxRaw(t);
        switch (rnd.nextInt(8)) {
            case 0:
                return min;
            case 1:
                return max;
            case 2:
                return rnd.nextBoolean() ? min.add(BigInteger.ONE).min(max) : max.subtract(BigInteger.ONE).max(min);
            case 3:
                return BigInteger.valueOf(rnd.nextInt(5) - 2).max(min).min(max);
            default: {
                BigInteger span = max.subtract(min).add(BigInteger.ONE);
                BigInteger r = new BigInteger(span.bitLength() + 8, new Random(rnd.nextLong())).mod(span).add(min);
                if (rnd.nextBoolean() && t.width() > 1) {
                    // ...x1000: a tie for any destination that drops exactly the low k bits.
                    int k = 1 + rnd.nextInt(t.width() - 1);
                    r = WideFx.wrap(r.shiftRight(k).shiftLeft(k).setBit(k - 1), t);
                }
                return r;
            }
        }
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
