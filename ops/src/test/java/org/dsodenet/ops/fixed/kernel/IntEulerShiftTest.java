package org.dsodenet.ops.fixed.kernel;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.ops.fixed.model.QOdeBlock;
import org.dsodenet.ops.fixed.model.QRelu;
import org.junit.jupiter.api.Test;

/**
 * {@link IntEuler#update}'s one-loop update, rounding and clamp against the long path ({@link EulerKernel#updateFast}),
 * raw for raw, for every rounding mode the int path takes: sums put at every tie {@code q·2^e + 2^(e-1)} (odd and
 * even q) and one either side, at the clamp's edges and at the sum type's ends.
 */
class IntEulerShiftTest {
    private static final FixedType IN = new FixedType(true, 16, 6, QuantMode.AP_RND, OverflowMode.AP_SAT, 0);

    @Test
    void updateRoundsTiesAndClampsLikeTheLongPath() {
        long[] seen = new long[3]; // updates of ties to even; of AP_RND; of AP_TRN (each dropping bits)
        qt().withExamples(scaled(1500)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            QuantMode q = List.of(QuantMode.AP_RND_CONV, QuantMode.AP_RND, QuantMode.AP_TRN).get(rnd.nextInt(3));
            int sw = 4 + rnd.nextInt(13);
            FixedType state = new FixedType(rnd.nextInt(8) > 0, sw, 1 + rnd.nextInt(sw - 1), q,
                    rnd.nextBoolean() ? OverflowMode.AP_SAT : OverflowMode.AP_SAT_SYM, 0);
            FixedType fType = new FixedType(rnd.nextBoolean(), 16, rnd.nextInt(-2, 10), QuantMode.AP_RND,
                    OverflowMode.AP_SAT, 0);
            FixedType hType = FixedType.unsigned(1 + rnd.nextInt(4), rnd.nextInt(-3, 2));
            long hRaw = 1 + rnd.nextLong(hType.maxRaw());
            QOdeBlock block = new QOdeBlock("ode", List.of(new QRelu("f", fType)), 1, hType, hRaw, state, false);
            EulerKernel ek = new EulerKernel(block, IN, fType);
            IntEuler ie = ek.ints();
            if (ie == null) {
                return;
            }
            IntSumRounding u = ie.updateRounding();
            int e = u.dropped();
            int s = ie.shift();
            long h = ie.h();
            int n = 1 + rnd.nextInt(40);
            int[] z = new int[n];
            int[] f = new int[n];
            for (int j = 0; j < n; j++) {
                long want = target(rnd, e, u, state);
                put(rnd, want, s, h, state, fType, z, f, j);
            }
            long[] zl = Arrays.stream(z).asLongStream().toArray();
            long[] fl = Arrays.stream(f).asLongStream().toArray();
            ie.update(z, f, n);
            ek.updateFast(zl, fl, n);
            assertArrayEquals(Arrays.stream(zl).mapToInt(v -> (int) v).toArray(), z, "seed " + seed + ", state "
                    + state + ", f " + fType + ", h " + hRaw + "/" + hType + ", e " + e);
            if (e > 0) {
                seen[q == QuantMode.AP_RND_CONV ? 0 : q == QuantMode.AP_RND ? 1 : 2]++;
            }
        });
        assertTrue(seen[0] > 200 && seen[1] > 200 && seen[2] > 200, Arrays.toString(seen)
                + ": updates that drop bits by ties to even, AP_RND, AP_TRN");
    }

    /** A sum to aim at: a tie (its kept part odd or even) or one either side, a clamp edge, or anything. */
    private static long target(SplittableRandom rnd, int e, IntSumRounding u, FixedType state) {
        long half = e > 0 ? 1L << (e - 1) : 0;
        long kept = rnd.nextLong(state.minRaw() - 2, state.maxRaw() + 3);
        switch (rnd.nextInt(4)) {
            case 0:
                return (kept << Math.max(0, e)) + half + rnd.nextInt(-1, 2);
            case 1:
                long edge = rnd.nextBoolean() ? u.clampLo() : u.clampHi();
                return (edge << Math.max(0, e)) + half + rnd.nextInt(-2, 3);
            default:
                return (kept << Math.max(0, e)) + rnd.nextLong(1L << Math.max(0, e));
        }
    }

    /**
     * Puts at j a state raw and an f raw whose sum {@code z·2^s + f·h} is want, or near it: z from want's part past
     * f's, f chosen to make up the rest where it can; else raws drawn at random within their types.
     */
    private static void put(SplittableRandom rnd, long want, int s, long h, FixedType state, FixedType fType, int[] z,
                            int[] f, int j) {
        for (int k = 0; k < 200; k++) {
            long fv = k == 0 ? 0 : rnd.nextLong(fType.minRaw(), fType.maxRaw() + 1);
            long rest = want - fv * h;
            long zv = Math.floorDiv(rest, 1L << s);
            if (zv >= state.minRaw() && zv <= state.maxRaw() && (rest - (zv << s)) % h == 0) {
                long fv2 = fv + (rest - (zv << s)) / h;
                if (fv2 >= fType.minRaw() && fv2 <= fType.maxRaw()) {
                    z[j] = (int) zv;
                    f[j] = (int) fv2;
                    return;
                }
            }
        }
        z[j] = (int) rnd.nextLong(state.minRaw(), state.maxRaw() + 1);
        f[j] = (int) rnd.nextLong(fType.minRaw(), fType.maxRaw() + 1);
    }
}
