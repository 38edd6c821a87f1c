package org.dsodenet.ops.fixed.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * {@link IntGroupBuffers} makes its channel and stacked rows again after a GC (so that they lie side by side again)
 * and keeps them otherwise, and the layers that use them give {@link FixedForward#run}'s raws before and after.
 */
class RowsAfterGcTest {

    @Test
    void rowsAreMadeAgainAfterAGcWithTheSameRaws() {
        SplittableRandom rnd = new SplittableRandom(20261207);
        IntGroupBuffers buf = new IntGroupBuffers();
        Layer small = new Layer(rnd, new Dims(20, 7, 7)); // channel runs
        Layer stacked = new Layer(rnd, new Dims(6, 14, 14)); // stacked runs
        small.check(buf);
        stacked.check(buf);
        ConvGeometry g = small.kernel.geometry();
        ChannelRows rows = buf.channelRows(g, small.ints.channelTaps());
        assertSame(rows, buf.channelRows(g, small.ints.channelTaps()), "kept while no GC ran");
        boolean renewed = false;
        for (int i = 0; i < 20 && !renewed; i++) {
            System.gc();
            renewed = buf.channelRows(g, small.ints.channelTaps()) != rows;
        }
        assertTrue(renewed, "made again after a GC");
        ChannelRows again = buf.channelRows(g, small.ints.channelTaps());
        assertNotSame(rows, again);
        assertSame(again, buf.channelRows(g, small.ints.channelTaps()), "kept again until the next GC");
        stacked.check(buf); // a fresh stacked row: zero wherever the layout has zeros
        small.check(buf);
    }

    /** A random 16-bit depthwise 3×3 layer whose channels all stay on plain ints, with its reference. */
    private static final class Layer {
        final Dims d;
        final ConvKernel kernel;
        final IntBatchConv ints;
        final FixedForward ref;
        final int[] x;

        Layer(SplittableRandom rnd, Dims d) {
            this.d = d;
            FixedType in = new FixedType(true, 16, 6, QuantMode.AP_RND, OverflowMode.AP_SAT, 0);
            FixedType out = new FixedType(true, 16, 6, QuantMode.AP_RND_CONV, OverflowMode.AP_SAT, 0);
            AccTypes types = new AccTypes(FixedType.signed(16, 2), FixedType.signed(16, 6), FixedType.signed(48, 24),
                    out);
            long[] wt = new long[9 * d.c()];
            for (int i = 0; i < wt.length; i++) {
                wt[i] = rnd.nextLong(-(1L << 11), 1L << 11);
            }
            long[] bias = new long[d.c()];
            for (int c = 0; c < bias.length; c++) {
                bias[c] = rnd.nextLong(-(1L << 15), 1L << 15);
            }
            QDepthwiseConv2d layer = new QDepthwiseConv2d("dw", d.c(), 3, 1, 1, wt, bias, types);
            this.kernel = (ConvKernel) LayerKernel.plan(layer, d, in);
            this.ints = IntBatchConv.of(kernel);
            this.ref = new FixedForward(new QNetwork("dw", d, in, List.of(layer)));
            this.x = new int[5 * d.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (int) rnd.nextLong(in.minRaw(), in.maxRaw() + 1);
            }
        }

        void check(IntGroupBuffers buf) {
            int[] y = new int[x.length];
            long runs = buf.channelRuns();
            assertTrue(ints.run(x, 5, y, buf), d + ": on plain ints");
            assertEquals(d.h() == 7, buf.channelRuns() > runs, d + ": channel runs only at 7×7");
            for (int i = 0; i < 5; i++) {
                long[] raw = new long[d.size()];
                for (int j = 0; j < raw.length; j++) {
                    raw[j] = x[i * d.size() + j];
                }
                LayerTrace want = ref.run(raw).output();
                long[] got = new long[d.size()];
                long[] wanted = new long[d.size()];
                for (int j = 0; j < got.length; j++) {
                    got[j] = y[i * d.size() + j];
                    wanted[j] = want.rawBig(j).longValueExact();
                }
                assertArrayEquals(wanted, got, d + ", sample " + i);
            }
        }
    }
}
