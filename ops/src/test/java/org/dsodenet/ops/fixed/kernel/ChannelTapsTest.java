package org.dsodenet.ops.fixed.kernel;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.dsodenet.ops.fixed.kernel.RawDraws.draw;
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
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.junit.jupiter.api.Test;

/**
 * {@link ChannelTaps}, the depthwise 3×3 sums of one sample's channels in one row, against the convolution written
 * out, and {@link IntBatchConv}'s route through it against {@link FixedForward#run}, raw for raw.
 */
class ChannelTapsTest {

    /**
     * For every output of every run of channels of every sample: {@code K_c + Σ x·w} over the taps inside the map, in
     * long arithmetic taken modulo 2^32, must be the int sum plus its loaded initial value. Maps 1×1 to 8×8
     * (narrower and lower than the kernel included), 1 to 40 channels (a short last run included), the first and last
     * runs of the plane (whose reads leave the array), rows left holding another geometry's values and a previous
     * run's; raws, weights and initial values of up to 31 bits and 32 bits, their ends drawn often, so sums wrap;
     * initial values loaded with an offset added.
     */
    @Test
    void channelSumsEqualTheTapsInsideTheMap() {
        int[] seen = new int[3]; // several runs per sample; a short last run; maps narrower than the kernel
        qt().withExamples(scaled(400)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            boolean small = rnd.nextInt(3) == 0;
            int h = small ? 1 + rnd.nextInt(8) : 5 + rnd.nextInt(4);
            int w = small ? 1 + rnd.nextInt(8) : 5 + rnd.nextInt(4);
            int channels = 1 + rnd.nextInt(rnd.nextBoolean() ? 40 : 70);
            int samples = 1 + rnd.nextInt(3);
            int plane = h * w;
            ConvGeometry g = ConvGeometry.of(channels, h, w, 3, 1, 1);
            int xBits = 1 + rnd.nextInt(31);
            int[] wt = draw(rnd, 9 * channels, 1 + rnd.nextInt(31));
            int[] init = draw(rnd, channels, 32);
            ChannelTaps taps = new ChannelTaps(g, wt, init);
            seen[0] += taps.runs() > 1 ? 1 : 0;
            seen[1] += channels % taps.group() != 0 ? 1 : 0;
            seen[2] += w < 3 || h < 3 ? 1 : 0;
            ChannelRows rows = new ChannelRows(taps);
            for (int[] r : List.of(rows.inputs[0], rows.inputs[1], rows.inputs[2], rows.sums, rows.init)) {
                System.arraycopy(draw(rnd, r.length, 32), 0, r, 0, r.length); // another geometry's leftovers
            }
            int[] x = draw(rnd, samples * channels * plane, xBits);
            int offset = rnd.nextBoolean() ? 0 : rnd.nextInt(); // a ShiftRounding's, carried by the initial values
            for (int r = 0; r < taps.runs(); r++) {
                taps.load(r, offset, rows);
                int c0 = r * taps.group();
                int c1 = Math.min(channels, c0 + taps.group());
                for (int j = 0; j < samples; j++) {
                    int b = (j * channels + c0) * plane;
                    taps.sum(x, b, (c1 - c0) * plane, rows);
                    for (int c = c0; c < c1; c++) {
                        for (int a = 0; a < plane; a++) {
                            long want = (long) init[c] + offset;
                            for (int ky = 0; ky < 3; ky++) {
                                for (int kx = 0; kx < 3; kx++) {
                                    int iy = a / w + ky - 1;
                                    int ix = a % w + kx - 1;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                        want += (long) x[(j * channels + c) * plane + iy * w + ix] * wt[9 * c + 3 * ky + kx];
                                    }
                                }
                            }
                            int q = (c - c0) * plane + a;
                            assertEquals((int) want, rows.sums[q] + rows.init[q], "seed " + seed + ", " + channels
                                    + "@" + h + "×" + w + ", sample " + j + " of " + samples + ", channel " + c
                                    + ", position " + a);
                        }
                    }
                }
            }
        });
        assertTrue(seen[0] > 150 && seen[1] > 100 && seen[2] > 40, Arrays.toString(seen)
                + ": several runs per sample; a short last run; maps narrower or lower than the kernel");
    }

    /**
     * Random 16-bit depthwise 3×3 layers on maps of up to 8×8 through {@link IntBatchConv#run}: the raws of
     * {@link FixedForward#run}, sample by sample. Accumulators whose products are aligned by 0 or 3 bits, biases
     * whose bits below that alignment are all 0, all alike or drawn per channel (runs that may not share one
     * conversion; outputs that drop those bits only, so that they decide every rounding; outputs that add bits, which
     * convert the sums without {@link ShiftRounding}), weights up to 2^15 and
     * inputs up to the type's ends (runs whose channels all stay on plain ints, runs with channels on the split
     * routes beside them, clamps); every rounding the int route takes.
     */
    @Test
    void channelRunsGiveTheReferenceRaws() {
        long[] seen = new long[3]; // runs through ChannelTaps; layers some of whose runs could not; stacked fallbacks
        qt().withExamples(scaled(180)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int channels = 1 + rnd.nextInt(64);
            boolean small = rnd.nextInt(3) == 0;
            Dims d = new Dims(channels, small ? 1 + rnd.nextInt(8) : 5 + rnd.nextInt(4),
                    small ? 1 + rnd.nextInt(8) : 5 + rnd.nextInt(4));
            QuantMode q = List.of(QuantMode.AP_RND_CONV, QuantMode.AP_RND, QuantMode.AP_TRN).get(rnd.nextInt(3));
            FixedType in = new FixedType(true, 16, 6, QuantMode.AP_RND, OverflowMode.AP_SAT, 0);
            // the products' 24 fractional bits aligned to the accumulator's by s bits, the bias's 10 or 27 with it
            int s = rnd.nextBoolean() ? 0 : 3;
            // an output that keeps the products' 24 bits drops only the bias's low bits: then β alone rounds
            boolean fine = s > 0 && rnd.nextBoolean();
            // or, unaligned, one that adds a bit to them (no ShiftRounding: the initial values added apart)
            boolean finer = s == 0 && rnd.nextInt(3) == 0;
            FixedType out = new FixedType(true, fine ? 28 : finer ? 26 : 16, fine ? 4 : finer ? 1 : 6, q,
                    OverflowMode.AP_SAT, 0);
            AccTypes types = new AccTypes(FixedType.signed(16, 2), s == 0 ? FixedType.signed(16, 6)
                    : FixedType.signed(40, 13), FixedType.signed(48, 24 - s), out);
            // per channel up to 2^(bits - 1), one weight at -2^(bits - 1): from channel cut on, often past an int
            int cut = rnd.nextBoolean() ? channels : rnd.nextInt(channels + 1);
            long[] wt = new long[9 * channels];
            for (int c = 0; c < channels; c++) {
                int bits = c >= cut ? 16 : 10 + rnd.nextInt(4);
                for (int t = 0, at = rnd.nextInt(9); t < 9; t++) {
                    wt[9 * c + t] = t == at ? -(1L << (bits - 1)) : rnd.nextLong(-(1L << (bits - 1)), 1L << (bits - 1));
                }
            }
            int betas = rnd.nextInt(3); // 0: β = 0; 1: one β for all; 2: β per channel
            long beta = rnd.nextLong(1L << s);
            long[] bias = new long[channels];
            for (int c = 0; c < channels; c++) {
                long high = rnd.nextLong(-(1L << 15), 1L << 15) << s;
                bias[c] = high + (betas == 0 ? 0 : betas == 1 ? beta : rnd.nextLong(1L << s));
            }
            QDepthwiseConv2d layer = new QDepthwiseConv2d("dw", channels, 3, 1, 1, wt, bias, types);
            ConvKernel kernel = (ConvKernel) LayerKernel.plan(layer, d, in);
            IntBatchConv ints = IntBatchConv.of(kernel);
            assertTrue(ints != null, "seed " + seed + ": on the int path");
            FixedForward ref = new FixedForward(new QNetwork("dw", d, in, List.of(layer)));
            int images = 1 + rnd.nextInt(20);
            int xBits = 1 + rnd.nextInt(16);
            int[] x = new int[images * d.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (int) (rnd.nextBoolean() ? rnd.nextLong(-(1L << (xBits - 1)), 1L << (xBits - 1))
                        : rnd.nextBoolean() ? in.minRaw() : in.maxRaw());
            }
            int[] y = new int[x.length];
            IntGroupBuffers buf = new IntGroupBuffers();
            if (!ints.run(x, images, y, buf)) {
                return; // a channel past every int route: the group takes the exact path, not this one
            }
            seen[0] += buf.channelRuns();
            seen[1] += buf.channelRuns() < ints.channelTaps().runs() ? 1 : 0;
            seen[2] += buf.splits() + buf.partials() > 0 && buf.channelRuns() > 0 ? 1 : 0;
            for (int i = 0; i < images; i++) {
                long[] raw = new long[d.size()];
                for (int j = 0; j < raw.length; j++) {
                    raw[j] = x[i * d.size() + j];
                }
                LayerTrace want = ref.run(raw).output();
                for (int j = 0; j < want.size(); j++) {
                    assertEquals(want.rawBig(j).longValueExact(), y[i * d.size() + j], "seed " + seed + ", " + d
                            + ", " + out + ", alignment " + s + ", biases " + betas + ", sample " + i + " of " + images
                            + " [" + j + "]");
                }
            }
        });
        assertTrue(seen[0] > 100 && seen[1] > 30 && seen[2] > 8, Arrays.toString(seen)
                + ": runs through ChannelTaps; layers with runs that could not; split routes beside them");
    }
}
