package org.dsodenet.fixedpoint.testing;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.WideFx;

/**
 * How a property test draws raw values of a type: the minimum, the maximum, each of {@code picks}, or (with weight
 * {@code uniform}) a uniform value, all choices equally likely, so range ends and special values come up far more
 * often than uniform draws alone would bring them. With {@code tieAbove} ≥ 0, half the uniform values of types wider
 * than that get a rounding tie below a random bit (...x1000), the case rounding modes differ on. Each test keeps its
 * own mix, and with it the cases its fixed seed draws.
 */
public record RawDraw(List<Pick> picks, int uniform, int tieAbove) {
    /** Uniform values are never given a tie (and draw nothing for it). */
    public static final int NO_TIES = -1;

    /** A value near zero, from -2 to 2, kept in range. */
    public static final Pick SMALL = (rnd, min, max) -> BigInteger.valueOf(rnd.nextInt(5) - 2).max(min).min(max);

    /** Zero, which every type holds. */
    public static final Pick ZERO = (rnd, min, max) -> BigInteger.ZERO;

    /** One step inside either end of the range. */
    public static final Pick NEXT_TO_END = (rnd, min, max) ->
            rnd.nextBoolean() ? min.add(BigInteger.ONE).min(max) : max.subtract(BigInteger.ONE).max(min);

    /** A special value of a type whose raw range is {@code [min, max]}. */
    @FunctionalInterface
    public interface Pick {
        BigInteger of(SplittableRandom rnd, BigInteger min, BigInteger max);
    }

    public RawDraw {
        picks = List.copyOf(picks);
        if (uniform < 1) {
            throw new IllegalArgumentException("uniform weight must be positive: " + uniform);
        }
    }

    public BigInteger draw(SplittableRandom rnd, FixedType t) {
        BigInteger min = WideFx.minRaw(t);
        BigInteger max = WideFx.maxRaw(t);
        int choice = rnd.nextInt(2 + picks.size() + uniform);
        if (choice < 2) {
            return choice == 0 ? min : max;
        }
        if (choice < 2 + picks.size()) {
            return picks.get(choice - 2).of(rnd, min, max);
        }
        BigInteger span = max.subtract(min).add(BigInteger.ONE);
        BigInteger r = new BigInteger(span.bitLength() + 8, new Random(rnd.nextLong())).mod(span).add(min);
        if (tieAbove != NO_TIES && rnd.nextBoolean() && t.width() > tieAbove) {
            int k = 1 + rnd.nextInt(t.width() - 1);
            r = WideFx.wrap(r.shiftRight(k).shiftLeft(k).setBit(k - 1), t);
        }
        return r;
    }
}
