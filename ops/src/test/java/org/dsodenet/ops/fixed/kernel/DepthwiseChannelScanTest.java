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
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.junit.jupiter.api.Test;

/**
 * A depthwise int layer given a recorded input range some of whose channels are too wide to keep their sums within
 * an int: only those channels are scanned ({@link IntBatchConv}'s channel scan), the others keep their recorded
 * range. The raws are {@link FixedForward#run}'s, and the range the layer leaves for its input holds every raw.
 */
class DepthwiseChannelScanTest {

    @Test
    void channelsScannedAloneGiveTheReferenceRaws() {
        long[] seen = new long[3]; // channels scanned alone; layers that scanned some; channels left on split routes
        qt().withExamples(scaled(150)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int channels = 4 + rnd.nextInt(29);
            Dims d = new Dims(channels, 6 + rnd.nextInt(15), 6 + rnd.nextInt(15));
            QuantMode q = List.of(QuantMode.AP_RND_CONV, QuantMode.AP_RND, QuantMode.AP_TRN).get(rnd.nextInt(3));
            boolean relu = rnd.nextBoolean(); // inputs of one sign, as ReLU's: ranges whose low end is 0
            FixedType in = relu ? new FixedType(false, 16, 4, QuantMode.AP_RND, OverflowMode.AP_SAT, 0)
                    : new FixedType(true, 16, 6, QuantMode.AP_RND, OverflowMode.AP_SAT, 0);
            FixedType out = new FixedType(true, 16, 6, q, OverflowMode.AP_SAT, 0);
            AccTypes types = new AccTypes(FixedType.signed(16, 2), FixedType.signed(16, 6),
                    FixedType.signed(48, 34 - in.fracBits()), out);
            long[] wt = new long[9 * channels];
            for (int i = 0; i < wt.length; i++) {
                int bits = 14 + rnd.nextInt(2); // full-range inputs take such a channel's sums past an int
                wt[i] = rnd.nextLong(-(1L << (bits - 1)), 1L << (bits - 1));
            }
            long[] bias = new long[channels];
            for (int c = 0; c < channels; c++) {
                bias[c] = rnd.nextLong(-(1L << 15), 1L << 15);
            }
            QDepthwiseConv2d layer = new QDepthwiseConv2d("dw", channels, 3, 1, 1, wt, bias, types);
            ConvKernel kernel = (ConvKernel) LayerKernel.plan(layer, d, in);
            IntBatchConv ints = IntBatchConv.of(kernel);
            if (ints == null) {
                return; // a channel not on real taps: no int route to check
            }
            FixedForward ref = new FixedForward(new QNetwork("dw", d, in, List.of(layer)));
            int images = 1 + rnd.nextInt(6);
            int plane = d.h() * d.w();
            int[] x = new int[images * d.size()];
            int[] bits = new int[channels];
            for (int c = 0; c < channels; c++) {
                bits[c] = 2 + rnd.nextInt(rnd.nextInt(10) == 0 ? 15 : 10); // mostly small raws, some up to the ends
            }
            for (int i = 0; i < x.length; i++) {
                int c = i % d.size() / plane;
                long v = rnd.nextLong(-(1L << (bits[c] - 1)), 1L << (bits[c] - 1));
                v = bits[c] > 12 && rnd.nextInt(50) == 0 ? (rnd.nextBoolean() ? in.minRaw() : in.maxRaw()) : v;
                x[i] = (int) Math.max(in.minRaw(), Math.min(in.maxRaw(), v));
            }
            // per channel the exact range, a little wider, or the type's whole range (which the sums may not fit)
            long[][] exact = exact(x, images, channels, plane);
            ChannelRanges r = new ChannelRanges();
            r.resize(channels);
            for (int c = 0; c < channels; c++) {
                int kind = rnd.nextInt(6);
                long lo = kind == 0 ? in.minRaw() : exact[1][c] - (kind == 1 ? rnd.nextInt(8) : 0);
                long hi = kind == 0 ? in.maxRaw() : exact[0][c] + (kind == 1 ? rnd.nextInt(8) : 0);
                r.set(c, Math.max(in.minRaw(), lo), Math.min(in.maxRaw(), hi));
            }
            int[] y = new int[x.length];
            IntGroupBuffers buf = new IntGroupBuffers();
            ChannelRanges outRange = new ChannelRanges();
            if (!ints.run(x, images, y, buf, r, outRange)) {
                return; // a channel past every int route: the group takes the exact path, not this one
            }
            seen[0] += buf.channelScans();
            seen[1] += buf.channelScans() > 0 ? 1 : 0;
            seen[2] += buf.channelScans() > 0 && buf.partials() + buf.splits() > 0 ? 1 : 0;
            String msg = "seed " + seed + ", " + d + ", " + out + ", relu " + relu;
            for (int c = 0; c < channels; c++) { // the input's range left for its later readers holds its raws
                assertTrue(r.lo(c) <= exact[1][c] && exact[0][c] <= r.hi(c), msg + ": input range of channel " + c);
            }
            for (int i = 0; i < images; i++) {
                long[] raw = new long[d.size()];
                for (int j = 0; j < raw.length; j++) {
                    raw[j] = x[i * d.size() + j];
                }
                LayerTrace want = ref.run(raw).output();
                for (int j = 0; j < want.size(); j++) {
                    long got = y[i * d.size() + j];
                    assertEquals(want.rawBig(j).longValueExact(), got, msg + ", sample " + i + " of " + images
                            + " [" + j + "]");
                    int c = j / plane;
                    assertTrue(outRange.lo(c) <= got && got <= outRange.hi(c), msg + ": output range of " + c);
                }
            }
        });
        assertTrue(seen[0] > 300 && seen[1] > 80 && seen[2] > 5, Arrays.toString(seen)
                + ": channels scanned alone; layers that scanned some; of them with channels on split routes");
    }

    /** Per channel the largest and smallest raw of every sample, 0 counted in: {hi, lo}. */
    private static long[][] exact(int[] x, int images, int channels, int plane) {
        long[] hi = new long[channels];
        long[] lo = new long[channels];
        for (int i = 0; i < x.length; i++) {
            int c = i % (channels * plane) / plane;
            hi[c] = Math.max(hi[c], x[i]);
            lo[c] = Math.min(lo[c], x[i]);
        }
        return new long[][] {hi, lo};
    }
}
