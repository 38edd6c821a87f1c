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
import org.junit.jupiter.api.Test;

/**
 * {@link ReluFold}'s one loop against the two conversions it stands in for: {@link ShiftRounding#finish} with the
 * clamp, then the ReLU's {@link IntSumRounding#plane} conversion, raw for raw, on offset sums put at every tie (odd
 * and even kept parts), one either side, at and around both clamps' edges and the ReLU's upper bound shifted back.
 */
class ReluFoldTest {

    @Test
    void foldedReluEqualsTheLayerConversionThenTheRelu() {
        long[] seen = new long[3]; // folds checked; of ties to even; whose ReLU clamp lies inside the layer's range
        qt().withExamples(scaled(2000)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            QuantMode q = List.of(QuantMode.AP_RND_CONV, QuantMode.AP_RND, QuantMode.AP_TRN).get(rnd.nextInt(3));
            int shift = rnd.nextInt(8);
            FixedType acc = FixedType.signed(48, 24 - shift);
            int ow = 4 + rnd.nextInt(14);
            int e = shift == 0 ? rnd.nextInt(1, 20) : rnd.nextInt(0, 20); // bits of z dropped
            int outFrac = acc.fracBits() - shift - e;
            FixedType out = new FixedType(rnd.nextInt(6) > 0, ow, ow - outFrac, q,
                    rnd.nextBoolean() ? OverflowMode.AP_SAT : OverflowMode.AP_SAT_SYM, 0);
            int channels = 1 + rnd.nextInt(4);
            long[] bias = new long[channels];
            for (int c = 0; c < channels; c++) {
                bias[c] = rnd.nextLong(-(1L << 20), 1L << 20);
            }
            IntSumRounding conv = IntSumRounding.of(acc, out, shift, bias, channels);
            int rw = 4 + rnd.nextInt(14);
            FixedType reluType = new FixedType(rnd.nextInt(4) > 0 ? false : true, rw, rw - outFrac - rnd.nextInt(-1, 5),
                    List.of(QuantMode.AP_RND_CONV, QuantMode.AP_RND, QuantMode.AP_TRN).get(rnd.nextInt(3)),
                    OverflowMode.AP_SAT, 0);
            IntSumRounding relu = conv == null ? null : IntSumRounding.plane(out, reluType, true);
            ShiftRounding shifts = conv == null ? null : ShiftRounding.of(conv, channels);
            ReluFold fold = relu == null || shifts == null ? null : ReluFold.of(conv, relu, channels);
            if (fold == null) {
                return;
            }
            int oc = rnd.nextInt(channels);
            int ee = conv.dropped();
            long half = ee > 0 ? 1L << (ee - 1) : 0;
            long reluEdge = (long) relu.clampHi() >> -relu.dropped();
            long[] edges = {conv.clampLo(), conv.clampHi(), 0, reluEdge, reluEdge + 1};
            int n = 1 + rnd.nextInt(48);
            int[] z = new int[n];
            for (int i = 0; i < n; i++) {
                long kept = rnd.nextBoolean() ? edges[rnd.nextInt(edges.length)] + rnd.nextInt(-2, 3)
                        : rnd.nextLong(conv.clampLo() - 4L, conv.clampHi() + 5L);
                long low = switch (rnd.nextInt(3)) {
                    case 0 -> half + rnd.nextInt(-1, 2); // a tie, or one either side
                    case 1 -> ee > 0 ? rnd.nextLong(1L << ee) : 0;
                    default -> 0;
                };
                long zz = (kept << ee) + Math.max(0, low) + shifts.offset(oc);
                if (!shifts.takes(oc, zz - shifts.offset(oc)) || zz < -Integer.MAX_VALUE) {
                    zz = shifts.offset(oc);
                }
                z[i] = (int) zz;
            }
            int[] want = z.clone();
            shifts.finish(want, n, oc, true);
            relu.apply(want, 0, n, 0);
            int[] got = z.clone();
            fold.finish(got, n, oc);
            assertArrayEquals(want, got, "seed " + seed + ", out " + out + ", relu " + reluType + ", e " + ee
                    + ", channel " + oc + ", bias " + bias[oc]);
            seen[0]++;
            seen[1] += q == QuantMode.AP_RND_CONV && conv.sticky(oc) == 0 && ee > 0 ? 1 : 0;
            seen[2] += reluEdge < conv.clampHi() ? 1 : 0;
        });
        assertTrue(seen[0] > 400 && seen[1] > 60 && seen[2] > 100, Arrays.toString(seen)
                + ": folds checked; of ties to even; with the ReLU's upper clamp inside the layer's range");
    }
}
