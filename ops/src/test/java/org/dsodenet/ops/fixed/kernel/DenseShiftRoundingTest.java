package org.dsodenet.ops.fixed.kernel;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.ops.fixed.FixedForward;
import org.dsodenet.ops.fixed.LayerTrace;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.junit.jupiter.api.Test;

/**
 * Dense and pointwise int layers whose plain-int channels start their sums from K plus {@link ShiftRounding}'s
 * offset and convert by its shift, through {@link IntBatchConv#run}, against {@link FixedForward#run}, raw for raw.
 */
class DenseShiftRoundingTest {

    /**
     * Random pointwise layers and dense k×k layers (stride 1 keeping the map, stride 2 on phase planes, and unpadded
     * ones in a {@link TapLayout}) on 16-bit inputs: every rounding mode the int route takes, products aligned by 0
     * or 3 bits, biases whose bits below that alignment are 0, one value or drawn per channel (ties to even with and
     * without a sticky bit), outputs that drop the bias's low bits only (e = 0) or add a bit (no shift rounding),
     * weights from a few bits to 16 so that some channels' sums may leave an int (the split routes beside the shift)
     * and inputs up to the type's ends, so that the clamp bites.
     */
    @Test
    void shiftedDenseSumsGiveTheReferenceRaws() {
        // channels converted by the shift with the clamp, without it; layers of ties to even that took it
        long[] seen = new long[3];
        qt().withExamples(scaled(250)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int kind = rnd.nextInt(4); // 0 pointwise, 1 k×k keeping the map, 2 stride 2, 3 unpadded k×k
            int cin = 1 + rnd.nextInt(6);
            int cout = 1 + rnd.nextInt(8);
            int k = kind == 0 ? 1 : kind == 3 ? 2 + rnd.nextInt(2) : 3;
            int stride = kind == 2 ? 2 : 1;
            int pad = kind == 1 || kind == 2 ? 1 : 0;
            int h = kind == 2 ? 2 * (1 + rnd.nextInt(4)) : Math.max(k, 1 + rnd.nextInt(8));
            int w = kind == 2 ? 2 * (1 + rnd.nextInt(4)) : Math.max(k, 1 + rnd.nextInt(8));
            Dims d = new Dims(cin, h, w);
            QuantMode q = List.of(QuantMode.AP_RND_CONV, QuantMode.AP_RND, QuantMode.AP_TRN).get(rnd.nextInt(3));
            FixedType in = new FixedType(true, 16, 6, QuantMode.AP_RND, OverflowMode.AP_SAT, 0);
            int s = rnd.nextBoolean() ? 0 : 3;
            boolean fine = s > 0 && rnd.nextBoolean();
            boolean finer = s == 0 && rnd.nextInt(4) == 0;
            FixedType out = new FixedType(true, fine ? 28 : finer ? 26 : 16, fine ? 4 : finer ? 1 : 2 + rnd.nextInt(8),
                    q, rnd.nextBoolean() ? OverflowMode.AP_SAT : OverflowMode.AP_SAT_SYM, 0);
            AccTypes types = new AccTypes(FixedType.signed(16, 2), s == 0 ? FixedType.signed(16, 6)
                    : FixedType.signed(40, 13), FixedType.signed(48, 24 - s), out);
            int per = cin * k * k;
            long[] wt = new long[cout * per];
            for (int c = 0; c < cout; c++) {
                int bits = 2 + rnd.nextInt(15);
                for (int t = 0; t < per; t++) {
                    int end = rnd.nextInt(8);
                    wt[c * per + t] = end == 0 ? -(1L << (bits - 1)) : end == 1 ? (1L << (bits - 1)) - 1
                            : rnd.nextLong(-(1L << (bits - 1)), 1L << (bits - 1));
                }
            }
            int betas = rnd.nextInt(3); // 0: β = 0; 1: one β for all; 2: β per channel
            long beta = rnd.nextLong(1L << s);
            long[] bias = new long[cout];
            for (int c = 0; c < cout; c++) {
                long high = rnd.nextLong(-(1L << 15), 1L << 15) << s;
                bias[c] = high + (betas == 0 ? 0 : betas == 1 ? beta : rnd.nextLong(1L << s));
            }
            QMac layer = kind == 0 ? new QPointwiseConv2d("pw", cin, cout, wt, bias, types)
                    : new QConv2d("conv", cin, cout, k, stride, pad, wt, bias, types);
            ConvKernel kernel = (ConvKernel) LayerKernel.plan(layer, d, in);
            IntBatchConv ints = IntBatchConv.of(kernel);
            if (ints == null) {
                return; // not every channel on real taps: no int route to check
            }
            FixedForward ref = new FixedForward(new QNetwork("dense", d, in, List.of(layer)));
            int images = 1 + rnd.nextInt(12);
            int xBits = 1 + rnd.nextInt(16);
            int[] x = new int[images * d.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (int) (rnd.nextInt(3) > 0 ? rnd.nextLong(-(1L << (xBits - 1)), 1L << (xBits - 1))
                        : rnd.nextBoolean() ? in.minRaw() : in.maxRaw());
            }
            int outSize = kernel.outDims().size();
            int[] y = new int[images * outSize];
            IntGroupBuffers buf = new IntGroupBuffers();
            if (!ints.run(x, images, y, buf)) {
                return; // a channel past every int route: the group takes the exact path, not this one
            }
            seen[0] += buf.shiftedClamped;
            seen[1] += buf.shiftedUnclamped;
            seen[2] += q == QuantMode.AP_RND_CONV && betas == 0 && buf.shiftedClamped + buf.shiftedUnclamped > 0
                    ? 1 : 0;
            for (int i = 0; i < images; i++) {
                long[] raw = new long[d.size()];
                for (int j = 0; j < raw.length; j++) {
                    raw[j] = x[i * d.size() + j];
                }
                LayerTrace want = ref.run(raw).output();
                for (int j = 0; j < want.size(); j++) {
                    assertEquals(want.rawBig(j).longValueExact(), y[i * outSize + j], "seed " + seed + ", kind "
                            + kind + ", " + d + ", " + out + ", alignment " + s + ", biases " + betas + ", sample "
                            + i + " of " + images + " [" + j + "]");
                }
            }
        });
        assertTrue(seen[0] > 150 && seen[1] > 150 && seen[2] > 10, Arrays.toString(seen)
                + ": channels shifted with the clamp, without it; layers of ties to even that took the shift");
    }
}
