package org.dsodenet.fixedpoint.systemc;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.dsodenet.fixedpoint.FixedType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Differential test of this module against SystemC's {@code sc_fix}/{@code sc_ufix} (an independent implementation of
 * the same quantization and overflow modes): random casts, conversions from double, full-precision add, sub and mul
 * followed by a cast, shifts, and to_double, over types up to 96 bits with every mode. Results must be equal except
 * in the documented corners ({@link SystemcDifferences}), which are left out and counted. See
 * {@code fixedpoint/SYSTEMC.md}.
 */
class SystemcDifferentialTest {
    private static final int BATCHES = 30;
    private static final int CASES_PER_BATCH = 1000;
    private static final Tally TOTAL = new Tally();

    /** A request and the check of its answer against the Java result. */
    private record Case(String request, BiConsumer<String, Tally> check) {}

    @Test
    void javaAgreesWithSystemcOutsideTheDocumentedCorners() {
        qt().withExamples(scaled(BATCHES)).forAll(longs().all()).checkAssert(seed -> {
            Tally tally = runBatch(seed);
            synchronized (TOTAL) {
                TOTAL.add(tally);
            }
            assertTrue(tally.mismatches.isEmpty(), () -> tally.mismatches.size() + " mismatches (seed " + seed
                    + "), first:\n" + String.join("\n", tally.mismatches.subList(0, Math.min(10, tally.mismatches.size()))));
            // The corners are rare; if they swallowed a large part of the cases the test would check little.
            assertTrue(tally.excludedTotal() * 10 < tally.compared, () -> "too many cases left out: " + tally);
        });
    }

    @AfterAll
    static void report() {
        System.out.println("SystemC differential: " + TOTAL);
    }

    private static Tally runBatch(long seed) {
        RandomCases r = new RandomCases(seed);
        List<Case> cases = new ArrayList<>(CASES_PER_BATCH);
        for (int k = 0; k < CASES_PER_BATCH; k++) {
            int kind = r.rnd.nextInt(20);
            if (kind < 8) {
                cases.add(cast(r));
            } else if (kind < 11) {
                cases.add(fromDouble(r));
            } else if (kind < 15) {
                cases.add(arithmetic(r, new String[] {"add", "sub", "mul"}[r.rnd.nextInt(3)]));
            } else if (kind < 18) {
                cases.add(shift(r, r.rnd.nextBoolean() ? "shl" : "shr"));
            } else {
                cases.add(toDouble(r));
            }
        }
        List<String> requests = new ArrayList<>(cases.size());
        for (Case c : cases) {
            requests.add(c.request());
        }
        List<String> answers = ScfxDriver.run(requests);
        Tally tally = new Tally();
        tally.requests = cases.size();
        for (int k = 0; k < cases.size(); k++) {
            Case c = cases.get(k);
            c.check().accept(ScfxDriver.ok(answers.get(k), c.request()), tally);
        }
        return tally;
    }

    /** Compares a converted raw unless the conversion is a documented corner. */
    private static void compareCast(Tally t, SystemcDifference corner, BigInteger java, String systemcHex,
                                    FixedType to, String what) {
        if (corner != null) {
            t.exclude(corner);
            return;
        }
        t.compare(java, ScfxRequests.parseRaw(systemcHex, to), what);
    }

    private static Case cast(RandomCases r) {
        FixedType from = r.type();
        FixedType to = r.rnd.nextBoolean() ? r.near(from) : r.type();
        BigInteger raw = r.raw(from);
        String req = ScfxRequests.cast(raw, from, to);
        return new Case(req, (ans, t) -> compareCast(t, SystemcDifferences.ofCast(raw, from, to),
                JavaSide.cast(raw, from, to), ans, to, req));
    }

    private static Case fromDouble(RandomCases r) {
        FixedType to = r.type();
        double v = r.nearDouble(to);
        String req = ScfxRequests.fromDouble(v, to) + "  # " + v;
        return new Case(req, (ans, t) -> compareCast(t, SystemcDifferences.ofDouble(v, to),
                JavaSide.fromDouble(v, to), ans, to, req));
    }

    private static Case arithmetic(RandomCases r, String op) {
        FixedType a = r.type();
        FixedType b = r.rnd.nextBoolean() ? r.near(a) : r.type();
        BigInteger ra = r.raw(a);
        BigInteger rb = r.raw(b);
        FixedType result = JavaSide.resultType(op, a, b);
        FixedType to = r.rnd.nextBoolean() ? r.near(result) : r.type();
        String req = ScfxRequests.arithmetic(op, ra, a, rb, b, result, to);
        return new Case(req, (ans, t) -> {
            String[] f = ans.split(" ");
            BigInteger exact = JavaSide.arithmetic(op, ra, a, rb, b);
            // SystemC computes a op b exactly; equal raws and "exact" = 1 mean ap_fixed's result type loses nothing.
            t.compare(exact, ScfxRequests.parseRaw(f[0], result), req + " (full-precision result)");
            t.compare("1", f[2], req + " (result type holds the exact value)");
            compareCast(t, SystemcDifferences.ofCast(exact, result, to), JavaSide.cast(exact, result, to), f[1], to,
                    req + " (assigned)");
        });
    }

    private static Case shift(RandomCases r, String op) {
        FixedType type = r.type();
        BigInteger raw = r.raw(type);
        int n = r.shift(type);
        FixedType to = r.rnd.nextBoolean() ? r.near(type) : r.type();
        // x << n as a value (SystemC's operator<<) is raw in the type with n more integer bits.
        int moved = op.equals("shl") ? n : -n;
        FixedType valueType = FixedType.of(type.signed(), type.width(), type.intBits() + moved);
        String req = ScfxRequests.shift(op, raw, type, n, to);
        return new Case(req, (ans, t) -> {
            String[] f = ans.split(" ");
            BigInteger inType = JavaSide.shift(op, raw, type, n);
            t.compare(inType, ScfxRequests.parseRaw(f[0], type), req + " (in the type of x)");
            compareCast(t, SystemcDifferences.ofCast(inType, type.plain(), to), JavaSide.cast(inType, type.plain(), to),
                    f[1], to, req + " (shifted in type, assigned)");
            compareCast(t, SystemcDifferences.ofCast(raw, valueType, to), JavaSide.cast(raw, valueType, to),
                    f[2], to, req + " (exact shifted value, assigned)");
        });
    }

    private static Case toDouble(RandomCases r) {
        FixedType type = r.type();
        BigInteger raw = r.raw(type);
        String req = ScfxRequests.toDouble(raw, type);
        return new Case(req, (ans, t) -> {
            SystemcDifference corner = SystemcDifferences.ofToDouble(raw, type);
            if (corner != null) {
                t.exclude(corner);
                return;
            }
            t.compare(Long.toHexString(Double.doubleToRawLongBits(JavaSide.toDouble(raw, type))),
                    Long.toHexString(Long.parseUnsignedLong(ans, 16)), req + " (to_double bits)");
        });
    }
}
