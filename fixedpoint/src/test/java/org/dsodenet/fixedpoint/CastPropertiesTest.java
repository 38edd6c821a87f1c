package org.dsodenet.fixedpoint;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

/** Properties of conversions over random types and values (QuickTheories drives the seeds). */
class CastPropertiesTest {

    private static BigDecimal value(BigInteger raw, FixedType t) {
        return WideFx.toBigDecimal(raw, t);
    }

    /** Destination with enough integer bits that nothing overflows, so only quantization acts. */
    private static FixedType roomy(RandomFixed r, FixedType src, QuantMode q) {
        int f = src.fracBits() - r.rnd.nextInt(6) + 1; // mostly fewer fractional bits than the source
        int i = src.intBits() + 2;
        int w = Math.max(1, Math.min(1024, i + f));
        return new FixedType(true, w, w - f, q, OverflowMode.AP_SAT, 0);
    }

    @Test
    void fastPathEqualsExactPath() {
        qt().withExamples(scaled(20000)).forAll(longs().all()).checkAssert(seed -> {
            RandomFixed r = new RandomFixed(seed);
            FixedType from = r.type(64);
            FixedType to = r.type(64);
            BigInteger raw = r.raw(from);
            FixedStats fastStats = new FixedStats();
            FixedStats wideStats = new FixedStats();
            long fast = Caster.of(from, to).apply(raw.longValue(), fastStats);
            BigInteger wide = WideFx.cast(raw, from, to, wideStats);
            assertEquals(wide, Fx.toBig(fast, to), () -> from + " raw " + raw + " -> " + to);
            assertEquals(wideStats, fastStats);
            double d = Double.longBitsToDouble(r.rnd.nextLong()) ;
            if (Double.isFinite(d)) {
                assertEquals(WideFx.fromDouble(d, to), Fx.toBig(Fx.fromDouble(d, to), to), () -> d + " -> " + to);
            }
            double small = r.rnd.nextGaussian() * Math.scalb(1.0, r.rnd.nextInt(40) - 20);
            assertEquals(WideFx.fromDouble(small, to), Fx.toBig(Fx.fromDouble(small, to), to), () -> small + " -> " + to);
        });
    }

    @Test
    void quantizationErrorAndTieDirection() {
        qt().withExamples(scaled(20000)).forAll(longs().all()).checkAssert(seed -> {
            RandomFixed r = new RandomFixed(seed);
            FixedType src = r.type(96);
            QuantMode q = QuantMode.fromIndex(r.rnd.nextInt(7));
            FixedType dst = roomy(r, src, q);
            BigInteger raw = r.raw(src);
            BigDecimal exact = value(raw, src);
            BigDecimal got = value(WideFx.cast(raw, src, dst), dst);
            BigDecimal lsb = WideFx.pow2(dst.lsbExponent());
            BigDecimal err = got.subtract(exact);
            BigDecimal scaled = exact.divide(lsb); // exact in units of the destination LSB
            BigDecimal floor = scaled.setScale(0, RoundingMode.FLOOR);
            BigDecimal frac = scaled.subtract(floor);
            boolean tie = frac.compareTo(new BigDecimal("0.5")) == 0;
            String msg = src + " " + exact + " -> " + dst + " = " + got;
            if (q.rounds()) {
                assertTrue(err.abs().compareTo(lsb.divide(BigDecimal.valueOf(2))) <= 0, msg);
                if (tie) {
                    boolean up = err.signum() > 0;
                    boolean neg = exact.signum() < 0;
                    boolean expectUp = switch (q) {
                        case AP_RND -> true;
                        case AP_RND_ZERO -> neg;
                        case AP_RND_MIN_INF -> false;
                        case AP_RND_INF -> !neg;
                        default -> floor.toBigInteger().testBit(0); // to even
                    };
                    assertEquals(expectUp, up, "tie direction: " + msg);
                }
            } else {
                assertTrue(err.abs().compareTo(lsb) < 0, msg);
                if (q == QuantMode.AP_TRN) {
                    assertTrue(err.signum() <= 0, "AP_TRN rounds toward minus infinity: " + msg);
                } else {
                    assertTrue(got.abs().compareTo(exact.abs()) <= 0, "AP_TRN_ZERO rounds toward zero: " + msg);
                }
            }
        });
    }

    @Test
    void quantizationIsMonotone() {
        qt().withExamples(scaled(10000)).forAll(longs().all()).checkAssert(seed -> {
            RandomFixed r = new RandomFixed(seed);
            FixedType src = r.type(64);
            FixedType dst = r.type(64);
            // Saturating destinations are monotone over the whole range.
            dst = dst.withModes(dst.quant(), dst.signed() && r.rnd.nextBoolean() ? OverflowMode.AP_SAT_SYM : OverflowMode.AP_SAT, 0);
            BigInteger a = r.raw(src);
            BigInteger b = r.raw(src);
            if (a.compareTo(b) > 0) {
                BigInteger t = a;
                a = b;
                b = t;
            }
            BigInteger ca = WideFx.cast(a, src, dst);
            BigInteger cb = WideFx.cast(b, src, dst);
            assertTrue(ca.compareTo(cb) <= 0, src + ": " + a + " <= " + b + " but " + ca + " > " + cb + " in " + dst);
        });
    }

    @Test
    void saturationStaysInRangeAndClamps() {
        qt().withExamples(scaled(10000)).forAll(longs().all()).checkAssert(seed -> {
            RandomFixed r = new RandomFixed(seed);
            FixedType src = r.type(80);
            FixedType base = r.type(80);
            OverflowMode o = OverflowMode.fromIndex(r.rnd.nextInt(3));
            FixedType dst = base.withModes(base.quant(), o, 0);
            BigInteger raw = r.raw(src);
            BigInteger got = WideFx.cast(raw, src, dst);
            BigInteger min = WideFx.minRaw(dst);
            BigInteger max = WideFx.maxRaw(dst);
            assertTrue(got.compareTo(min) >= 0 && got.compareTo(max) <= 0);
            // The quantized value before overflow handling: the same cast into a type wide enough to hold it.
            FixedType wideDst = new FixedType(true, Math.min(1024, dst.width() + src.width() + 4),
                    dst.intBits() + src.width() + 4, dst.quant(), OverflowMode.AP_SAT, 0);
            BigInteger q = WideFx.cast(raw, src, wideDst);
            boolean inRange = q.compareTo(min) >= 0 && q.compareTo(max) <= 0;
            if (o == OverflowMode.AP_SAT) {
                assertEquals(q.max(min).min(max), got);
            } else if (o == OverflowMode.AP_SAT_ZERO) {
                assertEquals(inRange ? q : BigInteger.ZERO, got);
            } else if (dst.signed() && dst.width() > 1) {
                assertTrue(got.compareTo(max.negate()) >= 0, "AP_SAT_SYM is symmetric: " + got + " in " + dst);
                assertEquals(q.max(max.negate()).min(max), got);
            }
        });
    }

    @Test
    void plainWrapIsReductionModulo2W() {
        qt().withExamples(scaled(10000)).forAll(longs().all()).checkAssert(seed -> {
            RandomFixed r = new RandomFixed(seed);
            FixedType src = r.type(100);
            FixedType base = r.type(100);
            FixedType dst = base.withModes(QuantMode.AP_TRN, OverflowMode.AP_WRAP, 0);
            BigInteger raw = r.raw(src);
            int d = src.fracBits() - dst.fracBits();
            BigInteger q = d >= 0 ? raw.shiftRight(d) : raw.shiftLeft(-d);
            BigInteger mod = q.mod(BigInteger.ONE.shiftLeft(dst.width()));
            assertEquals(mod, WideFx.cast(raw, src, dst).mod(BigInteger.ONE.shiftLeft(dst.width())));
        });
    }

    @Test
    void addSubMulAreExactInTheirResultTypes() {
        qt().withExamples(scaled(20000)).forAll(longs().all()).checkAssert(seed -> {
            RandomFixed r = new RandomFixed(seed);
            FixedType a = r.type(40);
            FixedType b = r.type(40);
            BigInteger ra = r.raw(a);
            BigInteger rb = r.raw(b);
            BigDecimal va = value(ra, a);
            BigDecimal vb = value(rb, b);
            FixedType at = Fx.addType(a, b);
            FixedType st = Fx.subType(a, b);
            FixedType mt = Fx.mulType(a, b);
            BigInteger sum = WideFx.add(ra, a, rb, b);
            BigInteger diff = WideFx.sub(ra, a, rb, b);
            BigInteger prod = WideFx.mul(ra, a, rb, b);
            WideFx.requireInRange(sum, at);
            WideFx.requireInRange(diff, st);
            WideFx.requireInRange(prod, mt);
            assertEquals(0, value(sum, at).compareTo(va.add(vb)));
            assertEquals(0, value(diff, st).compareTo(va.subtract(vb)));
            assertEquals(0, value(prod, mt).compareTo(va.multiply(vb)));
            assertEquals(Integer.signum(va.compareTo(vb)), Integer.signum(WideFx.compare(ra, a, rb, b)));
            if (at.isFast()) {
                assertEquals(sum, Fx.toBig(Fx.add(ra.longValue(), a, rb.longValue(), b), at));
            }
            if (st.isFast()) {
                assertEquals(diff, Fx.toBig(Fx.sub(ra.longValue(), a, rb.longValue(), b), st));
            }
            if (mt.isFast()) {
                assertEquals(prod, Fx.toBig(Fx.mul(ra.longValue(), a, rb.longValue(), b), mt));
            }
            assertEquals(Integer.signum(va.compareTo(vb)), Integer.signum(Fx.compare(ra.longValue(), a, rb.longValue(), b)));
        });
    }

    @Test
    void shiftsKeepTheTypeAndDropBits() {
        qt().withExamples(scaled(10000)).forAll(longs().all()).checkAssert(seed -> {
            RandomFixed r = new RandomFixed(seed);
            FixedType t = r.type(64);
            BigInteger raw = r.raw(t);
            int n = r.rnd.nextInt(70) - 3;
            BigInteger left = WideFx.shiftLeft(raw, t, n);
            BigInteger right = WideFx.shiftRight(raw, t, n);
            WideFx.requireInRange(left, t);
            WideFx.requireInRange(right, t);
            if (n >= 0) {
                assertEquals(WideFx.wrap(raw.shiftLeft(Math.min(n, 2000)), t), left);
                assertEquals(raw.shiftRight(n), right);
            }
            assertEquals(left, Fx.toBig(Fx.shiftLeft(raw.longValue(), t, n), t));
            assertEquals(right, Fx.toBig(Fx.shiftRight(raw.longValue(), t, n), t));
        });
    }

    @Test
    void toDoubleIsCorrectlyRounded() {
        qt().withExamples(scaled(10000)).forAll(longs().all()).checkAssert(seed -> {
            RandomFixed r = new RandomFixed(seed);
            FixedType t = r.type(200);
            BigInteger raw = r.raw(t);
            double d = WideFx.toDouble(raw, t);
            BigDecimal exact = value(raw, t);
            assertEquals(exact.doubleValue(), d);
            if (t.isFast()) {
                assertEquals(d, Fx.toDouble(raw.longValue(), t));
            }
        });
    }
}
