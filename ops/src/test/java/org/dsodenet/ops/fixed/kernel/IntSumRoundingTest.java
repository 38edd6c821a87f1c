package org.dsodenet.ops.fixed.kernel;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.Caster;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.junit.jupiter.api.Test;

/**
 * The int group path's output conversions against the caster, raw for raw: {@link IntSumRounding} from an exact sum
 * {@code z = K + S} (accumulator {@code b + S·2^s}), from its split form {@code z = 2^p·a + b}, and as a plane
 * conversion (also adding fractional bits, and as ReLU), for random accumulator and output types (AP_TRN, AP_RND,
 * AP_RND_CONV; AP_SAT, AP_SAT_SYM; signed and unsigned), alignments, biases (with and without bits below the
 * alignment) and sums up to the limits, including z at ±zLimit and ties.
 */
class IntSumRoundingTest {

    @Test
    void sumsConvertLikeCaster() {
        int[] seen = new int[3]; // plans, of which dropping bits, adding bits
        qt().withExamples(scaled(2000)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            FixedType acc = FixedType.signed(42 + rnd.nextInt(18), 20 + rnd.nextInt(20));
            FixedType out = out(rnd, acc);
            int shift = rnd.nextInt(8);
            // one bias with bits below the alignment (within 2^28, so K leaves room for sums), one without
            long[] bias = {rnd.nextLong(1L << 29) - (1L << 28), (rnd.nextLong(1L << 20) - (1L << 19)) << shift};
            if (shift > 0 && rnd.nextInt(3) == 0) { // bits below the alignment exactly half of it: ties
                bias[0] = (bias[0] >> shift << shift) + (1L << (shift - 1));
            }
            IntSumRounding r = IntSumRounding.of(acc, out, shift, bias, 2);
            if (r == null) {
                return;
            }
            seen[0]++;
            seen[1] += r.dropped() > 0 ? 1 : 0;
            Caster ref = Caster.of(acc, out);
            for (int oc = 0; oc < 2; oc++) {
                int n = 40;
                int[] z = new int[n];
                long[] want = new long[n];
                long lim = r.zLimit() - Math.abs(r.k(oc));
                if (lim < 0) {
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    long s = edge(rnd, i, lim, r.dropped());
                    z[i] = (int) (r.k(oc) + s);
                    want[i] = ref.apply(bias[oc] + (s << shift));
                }
                r.apply(z, n, oc);
                for (int i = 0; i < n; i++) {
                    assertEquals(want[i], z[i], acc + " -> " + out + ", shift " + shift + ", bias " + bias[oc]);
                }
                int p = r.dropped() > 1 ? 1 + rnd.nextInt(r.dropped() - 1) : 0;
                // a·2^p·2^s must stay well inside the accumulator, so the caster sees a raw of its type
                if (p > 0 && acc.width() - 4 - shift - p >= 1) {
                    checkSplit(rnd, r, ref, bias[oc], shift, oc, p);
                }
            }
        });
        assertTrue(seen[0] > 500 && seen[1] > 400, seen[0] + " plans, " + seen[1] + " dropping bits");
    }

    /** {@link IntSumRounding#applySplit} on {@code z = 2^p·a + b} for a and b anywhere in an int's half range. */
    private static void checkSplit(SplittableRandom rnd, IntSumRounding r, Caster ref, long bias, int shift, int oc,
                                   int p) {
        int n = 40;
        int[] a = new int[n];
        int[] b = new int[n];
        long[] want = new long[n];
        int bits = Math.min(29, 42 - 4 - shift - p); // acc is at least 42 bits wide
        for (int i = 0; i < n; i++) {
            a[i] = bits < 1 ? 0 : rnd.nextInt(1 << bits) - (1 << (bits - 1));
            b[i] = i % 4 == 0 ? (int) ((1L << 30) - 1) : rnd.nextInt(1 << 30) - (1 << 29);
            long s = ((long) a[i] << p) + b[i] - r.k(oc); // z - K
            want[i] = ref.apply(bias + (s << shift));
        }
        r.applySplit(a, b, n, oc, p);
        for (int i = 0; i < n; i++) {
            assertEquals(want[i], b[i], "split at " + p + ", bias " + bias + ", shift " + shift);
        }
    }

    /**
     * {@link IntSumRounding#applySplit} where its rounding decides: {@code z = 2^p·a + b} with floor(z / 2^p) at a tie
     * of the bits the output drops above b (exactly half, and one either side) and b's low p bits all zero, only
     * the lowest set, or all set, for every split p below the dropped bits (so e - p = 1, where the first dropped
     * bit is floor(z / 2^p)'s lowest, and e - p ≥ 2, where a set low bit of b must still count as sticky), any of
     * b's high part; every mode the plan takes, biases with and without bits below the alignment.
     */
    @Test
    void splitSumsRoundTiesAndStickyBitsLikeCaster() {
        int[] seen = new int[2]; // AP_RND_CONV splits with e - p = 1, with e - p ≥ 2
        qt().withExamples(scaled(1000)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            FixedType acc = FixedType.signed(42 + rnd.nextInt(18), 20 + rnd.nextInt(20));
            QuantMode[] qs = {QuantMode.AP_TRN, QuantMode.AP_RND, QuantMode.AP_RND_CONV, QuantMode.AP_RND_CONV};
            int w = 2 + rnd.nextInt(29);
            int frac = acc.fracBits() - 16 + rnd.nextInt(16);
            FixedType out = new FixedType(rnd.nextInt(4) != 0, w, w - frac, qs[rnd.nextInt(4)],
                    rnd.nextBoolean() ? OverflowMode.AP_SAT : OverflowMode.AP_SAT_SYM, 0);
            int shift = rnd.nextInt(8);
            long bias = (rnd.nextLong(1L << 20) - (1L << 19)) << shift;
            if (shift > 0 && rnd.nextBoolean()) { // bits below the alignment: β's sticky bit, or a tie of its own
                bias += rnd.nextBoolean() ? 1L << (shift - 1) : 1 + rnd.nextLong(1L << shift);
            }
            IntSumRounding r = IntSumRounding.of(acc, out, shift, new long[] {bias}, 1);
            if (r == null || r.dropped() < 2) {
                return;
            }
            Caster ref = Caster.of(acc, out);
            for (int p = 1; p < r.dropped(); p++) {
                int bits = Math.min(29, 42 - 4 - shift - p);
                if (bits < r.dropped() - p + 3) {
                    continue;
                }
                int sh = r.dropped() - p;
                if (out.quant() == QuantMode.AP_RND_CONV) {
                    seen[sh == 1 ? 0 : 1]++;
                }
                int n = 36;
                int[] a = new int[n];
                int[] b = new int[n];
                long[] want = new long[n];
                for (int i = 0; i < n; i++) {
                    long kept = rnd.nextLong(1L << (bits - sh - 2)) - (1L << (bits - sh - 3));
                    long v = (kept << sh) + (1L << (sh - 1)) + (i % 3) - 1; // the tie, one below, one above
                    int pMask = (1 << p) - 1;
                    int low = switch (i / 3 % 3) {
                        case 0 -> 0;
                        case 1 -> 1;
                        default -> pMask;
                    };
                    long up = (rnd.nextLong(1L << Math.max(1, 29 - p)) - (1L << Math.max(0, 28 - p)));
                    a[i] = (int) (v - up);
                    b[i] = (int) ((up << p) + low);
                    long s = ((long) a[i] << p) + b[i] - r.k(0); // z - K
                    want[i] = ref.apply(bias + (s << shift));
                }
                r.applySplit(a, b, n, 0, p, true);
                for (int i = 0; i < n; i++) {
                    assertEquals(want[i], b[i], out + ": split at " + p + " of " + r.dropped() + ", bias " + bias
                            + ", shift " + shift + ", case " + i);
                }
            }
        });
        assertTrue(seen[0] > 100 && seen[1] > 1000, seen[0] + " one-bit AP_RND_CONV splits, " + seen[1] + " wider");
    }

    @Test
    void planesConvertLikeCaster() {
        int[] seen = new int[2]; // plans adding bits, ReLU plans
        qt().withExamples(scaled(2000)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            FixedType from = FixedType.of(rnd.nextBoolean(), 2 + rnd.nextInt(29), rnd.nextInt(20) - 4);
            FixedType to = out(rnd, from);
            boolean relu = rnd.nextBoolean();
            IntSumRounding r = IntSumRounding.plane(from, to, relu);
            if (r == null) {
                return;
            }
            seen[0] += r.dropped() < 0 ? 1 : 0;
            seen[1] += relu ? 1 : 0;
            Caster ref = Caster.of(from, to);
            int n = 40;
            int[] v = new int[n];
            long[] want = new long[n];
            for (int i = 0; i < n; i++) {
                long x = i == 0 ? from.minRaw() : i == 1 ? from.maxRaw() : from.minRaw()
                        + rnd.nextLong(from.maxRaw() - from.minRaw() + 1);
                v[i] = (int) x;
                want[i] = relu && x <= 0 ? 0 : ref.apply(x);
            }
            int lo = 3;
            r.apply(v, lo, n, 0);
            for (int i = lo; i < n; i++) {
                assertEquals(want[i], v[i], from + " -> " + to + (relu ? " (ReLU)" : ""));
            }
        });
        assertTrue(seen[0] > 100 && seen[1] > 300, seen[0] + " plans adding bits, " + seen[1] + " ReLU");
    }

    /** An output type of at most 30 bits, of a mode the plan may take, sometimes a mode it may not. */
    private static FixedType out(SplittableRandom rnd, FixedType from) {
        QuantMode[] qs = {QuantMode.AP_TRN, QuantMode.AP_RND, QuantMode.AP_RND_CONV, QuantMode.AP_RND_ZERO};
        OverflowMode[] os = {OverflowMode.AP_SAT, OverflowMode.AP_SAT, OverflowMode.AP_SAT_SYM, OverflowMode.AP_WRAP};
        int w = 2 + rnd.nextInt(29);
        int frac = from.fracBits() - 20 + rnd.nextInt(26);
        return new FixedType(rnd.nextInt(4) != 0, w, w - frac, qs[rnd.nextInt(4)], os[rnd.nextInt(4)], 0);
    }

    /** A sum within [-lim, lim]: the ends, ties and their neighbours at the dropped bits, or anywhere. */
    private static long edge(SplittableRandom rnd, int i, long lim, int e) {
        long half = e > 0 ? 1L << (e - 1) : 0;
        long pick = switch (i % 6) {
            case 0 -> lim;
            case 1 -> -lim;
            case 2 -> (rnd.nextLong(Math.max(1, lim >> Math.max(0, e))) << Math.max(0, e)) + half;
            case 3 -> -(rnd.nextLong(Math.max(1, lim >> Math.max(0, e))) << Math.max(0, e)) - half;
            case 4 -> (rnd.nextLong(1L << 12) - (1L << 11)) << Math.max(0, e); // outputs that do not saturate
            default -> rnd.nextLong(2 * lim + 1) - lim;
        };
        return Math.max(-lim, Math.min(lim, pick));
    }
}
