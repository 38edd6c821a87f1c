package org.dsodenet.fixedpoint.systemc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.fixedpoint.oracle.CastVector;
import org.dsodenet.fixedpoint.oracle.CastVectorCheck;
import org.dsodenet.fixedpoint.oracle.CastVectorReader;
import org.dsodenet.fixedpoint.oracle.RawHex;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code fixedpoint/SYSTEMC.md} true: on Xilinx's golden vectors SystemC disagrees on exactly the lines in the
 * documented corners, with the documented SystemC results and counts; and each corner, fed with random inputs,
 * really produces the documented difference.
 */
class SystemcDifferencesTest {
    private static final String GOLDEN = "/oracles/ap_fixed_casts.csv.gz";
    private static final long SEED = 0x5c_f1_0ed_2023L;

    /** Per corner, the golden lines where SystemC differs: the counts in SYSTEMC.md. */
    private static final Map<SystemcDifference, Integer> GOLDEN_COUNTS = new EnumMap<>(Map.of(
            SystemcDifference.UNSIGNED_WRAP_SAT_BITS_UNDERFLOW, 4688,
            SystemcDifference.SAT_SYM_ONE_BIT_NEGATIVE, 242,
            SystemcDifference.WRAP_SM_BIT_ABOVE_MSB, 293));

    @Test
    void goldenVectorsDifferExactlyInTheDocumentedCorners() throws IOException {
        List<CastVector> vectors = new ArrayList<>();
        try (InputStream in = SystemcDifferencesTest.class.getResourceAsStream(GOLDEN)) {
            CastVectorReader.forEach(in, GOLDEN, vectors::add);
        }
        List<String> requests = new ArrayList<>(vectors.size());
        for (CastVector v : vectors) {
            requests.add(v.fromDouble() ? ScfxRequests.fromDouble(v.sourceDouble(), v.target())
                    : ScfxRequests.cast(v.sourceRaw(), v.source(), v.target()));
        }
        List<String> answers = ScfxDriver.run(requests);
        Map<SystemcDifference, Integer> counts = new EnumMap<>(SystemcDifference.class);
        List<String> problems = new ArrayList<>();
        int differing = 0;
        for (int k = 0; k < vectors.size(); k++) {
            CastVector v = vectors.get(k);
            BigInteger systemc = ScfxRequests.parseRaw(ScfxDriver.ok(answers.get(k), requests.get(k)), v.target());
            boolean differs = !systemc.equals(v.expectedRaw());
            XilinxDouble x = v.fromDouble() ? XilinxDouble.of(v.sourceDouble()) : null;
            SystemcDifference corner = v.fromDouble() ? SystemcDifferences.ofDouble(v.sourceDouble(), v.target())
                    : SystemcDifferences.ofCast(v.sourceRaw(), v.source(), v.target());
            if (differs) {
                differing++;
            }
            if (corner != null) {
                counts.merge(corner, 1, Integer::sum);
                BigInteger documented = v.fromDouble() ? SystemcDifferences.systemcCast(x.raw(), x.type(), v.target())
                        : SystemcDifferences.systemcCast(v.sourceRaw(), v.source(), v.target());
                if (!differs || !documented.equals(systemc)) {
                    problems.add(CastVectorCheck.describe(v) + ": corner " + corner + ", SystemC "
                            + RawHex.format(systemc, v.target()) + ", documented " + RawHex.format(documented, v.target())
                            + ", ap_fixed " + RawHex.format(v.expectedRaw(), v.target()));
                }
            } else if (differs) {
                problems.add(CastVectorCheck.describe(v) + ": unexplained difference, SystemC "
                        + RawHex.format(systemc, v.target()) + ", ap_fixed " + RawHex.format(v.expectedRaw(), v.target()));
            }
        }
        System.out.println("SystemC on the golden vectors: " + vectors.size() + " lines, " + differing
                + " differ, by corner " + counts);
        assertTrue(problems.isEmpty(), () -> problems.size() + " lines break the documented corners, first:\n"
                + String.join("\n", problems.subList(0, Math.min(10, problems.size()))));
        assertEquals(159_920, vectors.size());
        assertEquals(GOLDEN_COUNTS, counts, "per-corner counts of SYSTEMC.md");
    }

    @Test
    void unsignedWrapWithSaturationBitsDiffersOnEveryUnderflow() {
        RandomCases r = new RandomCases(SEED);
        checkCastCorner(r, SystemcDifference.UNSIGNED_WRAP_SAT_BITS_UNDERFLOW, 200, () -> {
            FixedType from = r.type();
            FixedType to = r.near(from);
            int n = 1 + r.rnd.nextInt(to.width());
            return new FixedType[] {from.withModes(QuantMode.AP_TRN, OverflowMode.AP_WRAP, 0).plain(),
                new FixedType(false, to.width(), to.intBits(), to.quant(), OverflowMode.AP_WRAP, n)};
        });
    }

    @Test
    void oneBitSymmetricSaturationDiffersOnEveryNegativeValue() {
        RandomCases r = new RandomCases(SEED + 1);
        checkCastCorner(r, SystemcDifference.SAT_SYM_ONE_BIT_NEGATIVE, 200, () -> {
            FixedType from = r.type().plain();
            int i = from.intBits() + r.rnd.nextInt(9) - 4;
            return new FixedType[] {from, new FixedType(true, 1, i, QuantMode.fromIndex(r.rnd.nextInt(7)),
                    OverflowMode.AP_SAT_SYM, 0)};
        });
    }

    @Test
    void signMagnitudeWrapDiffersWhenTheBitAboveTheMsbDiffers() {
        RandomCases r = new RandomCases(SEED + 2);
        // Rare: overflow and a rounding carry into (or a source word ending below) the bit above the MSB.
        checkCastCorner(r, SystemcDifference.WRAP_SM_BIT_ABOVE_MSB, 50, () -> {
            FixedType from = r.type().plain();
            FixedType to = r.near(from);
            return new FixedType[] {from, new FixedType(true, to.width(), to.intBits(),
                    QuantMode.fromIndex(r.rnd.nextInt(7)), OverflowMode.AP_WRAP_SM, 0)};
        });
    }

    /**
     * Casts in a family of types: SystemC's result is the documented one in the corner and differs from Java's
     * there, and equals Java's outside it; the corner must be hit at least {@code minHits} times.
     */
    private static void checkCastCorner(RandomCases r, SystemcDifference corner, int minHits,
                                        java.util.function.Supplier<FixedType[]> types) {
        List<String> requests = new ArrayList<>();
        List<Object[]> cases = new ArrayList<>();
        for (int k = 0; k < 4000; k++) {
            FixedType[] ft = types.get();
            BigInteger raw = r.raw(ft[0]);
            requests.add(ScfxRequests.cast(raw, ft[0], ft[1]));
            cases.add(new Object[] {raw, ft[0], ft[1]});
        }
        List<String> answers = ScfxDriver.run(requests);
        int hits = 0;
        for (int k = 0; k < cases.size(); k++) {
            BigInteger raw = (BigInteger) cases.get(k)[0];
            FixedType from = (FixedType) cases.get(k)[1];
            FixedType to = (FixedType) cases.get(k)[2];
            String req = requests.get(k);
            BigInteger systemc = ScfxRequests.parseRaw(ScfxDriver.ok(answers.get(k), req), to);
            BigInteger java = JavaSide.cast(raw, from, to);
            SystemcDifference found = SystemcDifferences.ofCast(raw, from, to);
            if (found == null) {
                assertEquals(java, systemc, req);
                continue;
            }
            assertEquals(corner, found, req);
            hits++;
            assertEquals(SystemcDifferences.systemcCast(raw, from, to), systemc, req + " (documented SystemC result)");
            assertNotEquals(java, systemc, req + " (documented difference)");
        }
        System.out.println(corner + ": " + hits + " of " + cases.size() + " random casts in the corner");
        assertTrue(hits >= minHits, corner + " occurred only " + hits + " times");
    }

    @Test
    void subnormalDoublesAreReadDifferently() {
        RandomCases r = new RandomCases(SEED + 3);
        List<String> requests = new ArrayList<>();
        List<Object[]> cases = new ArrayList<>();
        for (int k = 0; k < 2000; k++) {
            double v = Double.longBitsToDouble(r.rnd.nextLong() & 0x800f_ffff_ffff_ffffL); // subnormal (or ±0)
            boolean signed = r.rnd.nextBoolean();
            int lsb;
            int w;
            if (r.rnd.nextBoolean()) {
                // A fine LSB (2^-1100..2^-1030) sees the difference; the range reaches 2^-1022 so nothing overflows.
                lsb = -1100 + r.rnd.nextInt(71);
                w = -1021 + r.rnd.nextInt(3) - lsb;
            } else {
                // A coarse LSB (2^-1021 and up) cannot tell the two readings apart.
                lsb = -1021 + r.rnd.nextInt(1100);
                w = 1 + r.rnd.nextInt(64);
            }
            OverflowMode o = OverflowMode.fromIndex(r.rnd.nextInt(2)); // AP_SAT or AP_SAT_ZERO
            FixedType to = new FixedType(signed, w, w + lsb, QuantMode.fromIndex(r.rnd.nextInt(7)), o, 0);
            requests.add(ScfxRequests.fromDouble(v, to));
            cases.add(new Object[] {v, to});
        }
        List<String> answers = ScfxDriver.run(requests);
        int corner = 0;
        int differing = 0;
        for (int k = 0; k < cases.size(); k++) {
            double v = (Double) cases.get(k)[0];
            FixedType to = (FixedType) cases.get(k)[1];
            String req = requests.get(k) + " # " + v;
            BigInteger systemc = ScfxRequests.parseRaw(ScfxDriver.ok(answers.get(k), req), to);
            BigInteger java = JavaSide.fromDouble(v, to);
            if (SystemcDifferences.ofDouble(v, to) == null) {
                assertEquals(java, systemc, req);
                continue;
            }
            corner++;
            XilinxDouble exact = XilinxDouble.exact(v);
            assertEquals(JavaSide.cast(exact.raw(), exact.type(), to), systemc, req + " (SystemC reads the true value)");
            if (!java.equals(systemc)) {
                differing++;
            }
        }
        System.out.println("SUBNORMAL_DOUBLE: " + corner + " in the corner, " + differing + " differ");
        assertTrue(differing > corner / 2, "subnormal doubles differed only " + differing + " times of " + corner);
    }

    @Test
    void toDoubleRoundsTiesAwayFromZero() {
        RandomCases r = new RandomCases(SEED + 4);
        checkToDoubleCorner(r, SystemcDifference.TO_DOUBLE_TIE, 2000, () -> {
            int w = 55 + r.rnd.nextInt(RandomCases.MAX_WIDTH - 54);
            boolean signed = r.rnd.nextBoolean();
            FixedType t = FixedType.of(signed, w, r.rnd.nextInt(w + 17) - 8);
            // A magnitude of L > 53 bits whose dropped part is exactly one half: 1k...k 1 0...0.
            int len = 54 + r.rnd.nextInt(w - (signed ? 54 : 53));
            BigInteger kept = new BigInteger(52, new java.util.Random(r.rnd.nextLong())).setBit(52);
            BigInteger m = kept.shiftLeft(len - 53).setBit(len - 54);
            BigInteger raw = signed && r.rnd.nextBoolean() ? m.negate() : m;
            return new Object[] {raw, t};
        });
    }

    @Test
    void toDoubleTruncatesBelowTheNormalRange() {
        RandomCases r = new RandomCases(SEED + 5);
        // Few cases: Java's exact path (BigDecimal) is slow at these scales.
        checkToDoubleCorner(r, SystemcDifference.TO_DOUBLE_BELOW_NORMAL, 600, () -> {
            FixedType base = r.type().plain();
            // LSB between 2^-1140 and 2^-1060: values from the normal range down to below the smallest subnormal.
            FixedType t = FixedType.of(base.signed(), base.width(), base.width() - 1060 - r.rnd.nextInt(81));
            return new Object[] {r.raw(t), t};
        });
    }

    /** Like {@link #checkCastCorner} for to_double, over {@code n} cases. */
    private static void checkToDoubleCorner(RandomCases r, SystemcDifference corner, int n,
                                            java.util.function.Supplier<Object[]> cases) {
        List<String> requests = new ArrayList<>();
        List<Object[]> all = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Object[] c = cases.get();
            all.add(c);
            requests.add(ScfxRequests.toDouble((BigInteger) c[0], (FixedType) c[1]));
        }
        List<String> answers = ScfxDriver.run(requests);
        Function<Double, String> bits = d -> Long.toHexString(Double.doubleToRawLongBits(d));
        int hits = 0;
        for (int k = 0; k < all.size(); k++) {
            BigInteger raw = (BigInteger) all.get(k)[0];
            FixedType t = (FixedType) all.get(k)[1];
            String req = requests.get(k);
            String systemc = Long.toHexString(Long.parseUnsignedLong(ScfxDriver.ok(answers.get(k), req), 16));
            String java = bits.apply(JavaSide.toDouble(raw, t));
            assertEquals(bits.apply(DoubleRounding.nearest(raw, t)), java, req + " (Java rounds to nearest even)");
            SystemcDifference found = SystemcDifferences.ofToDouble(raw, t);
            if (found == null) {
                assertEquals(java, systemc, req);
                continue;
            }
            hits++;
            assertEquals(corner, found, req);
            assertEquals(bits.apply(SystemcDifferences.systemcToDouble(raw, t)), systemc, req + " (documented rule)");
            assertNotEquals(java, systemc, req + " (documented difference)");
        }
        System.out.println(corner + ": " + hits + " of " + all.size() + " random to_double calls in the corner");
        assertTrue(hits >= all.size() / 20, corner + " occurred only " + hits + " times");
    }

    /**
     * The examples of the table in SYSTEMC.md. The ap_fixed results are Xilinx's (golden lines, or its headers for
     * to_double); the SystemC results are what sc_fixed printed when the table was written.
     */
    @Test
    void tableExamples() {
        List<String> requests = new ArrayList<>();
        List<Runnable> checks = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        java.util.function.BiConsumer<String[], SystemcDifference> cast = (c, corner) -> {
            FixedType from = FixedType.parse(c[0]);
            FixedType to = FixedType.parse(c[2]);
            BigInteger raw = RawHex.parse(c[1], from);
            int at = requests.size();
            requests.add(ScfxRequests.cast(raw, from, to));
            checks.add(() -> {
                String what = c[0] + " raw " + c[1] + " -> " + c[2];
                assertEquals(corner, SystemcDifferences.ofCast(raw, from, to), what);
                assertEquals(c[3], RawHex.format(JavaSide.cast(raw, from, to), to), what + " (ap_fixed)");
                assertEquals(c[4], ScfxDriver.ok(answers.get(at), requests.get(at)), what + " (SystemC)");
            });
        };
        cast.accept(new String[] {"ap_fixed<24,4>", "880000", "ap_ufixed<1,1,AP_RND,AP_WRAP,1>", "1", "0"},
                SystemcDifference.UNSIGNED_WRAP_SAT_BITS_UNDERFLOW);
        cast.accept(new String[] {"ap_fixed<12,14>", "c36", "ap_ufixed<2,0,AP_RND,AP_WRAP,2>", "3", "0"},
                SystemcDifference.UNSIGNED_WRAP_SAT_BITS_UNDERFLOW);
        cast.accept(new String[] {"ap_fixed<12,14>", "ee5", "ap_fixed<1,1,AP_RND,AP_SAT_SYM>", "1", "0"},
                SystemcDifference.SAT_SYM_ONE_BIT_NEGATIVE);
        cast.accept(new String[] {"ap_fixed<70,3>", "37748a9ef499af16f4", "ap_fixed<1,1,AP_RND_ZERO,AP_SAT_SYM>", "1",
            "0"}, SystemcDifference.SAT_SYM_ONE_BIT_NEGATIVE);
        cast.accept(new String[] {"ap_ufixed<33,1>", "1ffffffff", "ap_fixed<2,0,AP_RND,AP_WRAP_SM>", "3", "0"},
                SystemcDifference.WRAP_SM_BIT_ABOVE_MSB);
        cast.accept(new String[] {"ap_fixed<24,4>", "ce0000", "ap_fixed<2,0,AP_RND,AP_WRAP_SM>", "0", "3"},
                SystemcDifference.WRAP_SM_BIT_ABOVE_MSB);

        FixedType fine = FixedType.signed(64, -1000);
        int subnormal = requests.size();
        requests.add(ScfxRequests.fromDouble(Double.MIN_VALUE, fine));
        checks.add(() -> {
            assertEquals(SystemcDifference.SUBNORMAL_DOUBLE, SystemcDifferences.ofDouble(Double.MIN_VALUE, fine));
            assertEquals("20000000000", RawHex.format(JavaSide.fromDouble(Double.MIN_VALUE, fine), fine));
            assertEquals("0", ScfxDriver.ok(answers.get(subnormal), requests.get(subnormal)));
        });
        java.util.function.BiConsumer<String[], SystemcDifference> toDouble = (c, corner) -> {
            FixedType t = FixedType.parse(c[0]);
            BigInteger raw = RawHex.parse(c[1], t);
            int at = requests.size();
            requests.add(ScfxRequests.toDouble(raw, t));
            checks.add(() -> {
                String what = c[0] + " raw " + c[1] + ".to_double()";
                assertEquals(corner, SystemcDifferences.ofToDouble(raw, t), what);
                assertEquals(c[2], String.format("%016x", Double.doubleToRawLongBits(JavaSide.toDouble(raw, t))),
                        what + " (ap_fixed)");
                assertEquals(c[3], ScfxDriver.ok(answers.get(at), requests.get(at)), what + " (SystemC)");
            });
        };
        toDouble.accept(new String[] {"ap_ufixed<54,13>", "334c1ecdb89109", "40b9a60f66dc4884", "40b9a60f66dc4885"},
                SystemcDifference.TO_DOUBLE_TIE);
        toDouble.accept(new String[] {"ap_fixed<64,-1019>", "1000000000000301", "0008000000000002",
            "0008000000000001"}, SystemcDifference.TO_DOUBLE_BELOW_NORMAL);

        answers.addAll(ScfxDriver.run(requests));
        checks.forEach(Runnable::run);
    }

    @Test
    void noCornerOutsideItsModes() {
        // The corners are narrow: plain types, saturation and ordinary wrapping never fall in one.
        FixedType from = FixedType.signed(24, 4);
        BigInteger raw = new BigInteger("880000", 16).subtract(BigInteger.ONE.shiftLeft(24));
        assertNull(SystemcDifferences.ofCast(raw, from, FixedType.unsigned(1, 1)));
        assertNull(SystemcDifferences.ofCast(raw, from, FixedType.unsigned(1, 1).withModes(QuantMode.AP_RND,
                OverflowMode.AP_SAT, 1)));
        assertNull(SystemcDifferences.ofCast(raw, from, FixedType.signed(1, 1).withModes(QuantMode.AP_RND,
                OverflowMode.AP_SAT, 0)));
    }
}
