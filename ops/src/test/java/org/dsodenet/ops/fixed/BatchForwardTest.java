package org.dsodenet.ops.fixed;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.ops.fixed.kernel.Values;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.parallel.Parallel;
import org.junit.jupiter.api.Test;

/**
 * The group forward ({@link BatchForward}: layers on float taps through the float layer kernels for a whole group of
 * samples) against the reference forward, raw for raw, on random networks whose layers sometimes qualify and
 * sometimes do not: convolutions of stride 1 and 2 with any padding, depthwise, pointwise, linear, ReLU, batch norm,
 * pooling, ODE blocks with and without a time channel, random modes, groups of 1 to 35 samples.
 */
class BatchForwardTest {

    @Test
    void groupForwardEqualsReference() {
        int[] seen = new int[4]; // layers batched to floats, batched to longs; ODE states on floats; groups past 32
        qt().withExamples(scaled(300)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            RandomChain c = new RandomChain(rnd, true);
            QNetwork net = c.network();
            FixedForward fwd = new FixedForward(net);
            if (!fwd.grouped()) {
                return; // a layer past 64 bits: no count-free path to compare
            }
            int images = rnd.nextInt(10) == 0 ? 33 + rnd.nextInt(3) : 1 + rnd.nextInt(6);
            seen[0] += fwd.batchedLayers(true);
            seen[1] += fwd.batchedLayers(false);
            seen[2] += fwd.floatStates();
            seen[3] += images > BatchForward.GROUP ? 1 : 0;
            List<BigInteger[]> xs = new ArrayList<>();
            List<long[]> raws = new ArrayList<>();
            for (int i = 0; i < images; i++) {
                BigInteger[] x = new BigInteger[net.input().size()];
                long[] r = new long[x.length];
                for (int j = 0; j < x.length; j++) {
                    x[j] = c.raw(net.inputType());
                    r[j] = x[j].longValueExact();
                }
                xs.add(x);
                raws.add(r);
            }
            List<Values> got = fwd.outputsGrouped(raws);
            assertEquals(images, got.size());
            for (int i = 0; i < images; i++) {
                List<ReferenceForward.Layer> want = ReferenceForward.run(net, xs.get(i));
                BigInteger[] last = want.get(want.size() - 1).values();
                String msg = "seed " + seed + ", sample " + i + " of " + images + ": " + RandomNets.describe(net);
                assertEquals(last.length, got.get(i).size(), msg);
                for (int j = 0; j < last.length; j++) {
                    assertEquals(last[j], got.get(i).big(j), msg + " [" + j + "]");
                }
            }
        });
        String counts = Arrays.toString(seen) + ": batched to floats, to longs; ODE states on floats; groups past 32";
        assertTrue(seen[0] > 200 && seen[1] > 150 && seen[2] > 90 && seen[3] > 15, counts);
    }

    /**
     * At the float proof's bound (every partial sum within 2^24) a layer runs batched and gives the exact sum 2^24;
     * one past it, it does not run batched, and the sum is still exact.
     */
    @Test
    void floatBoundHoldsExactlyInTheGroupForward() {
        checkBound(false, 1);
        checkBound(true, 0);
    }

    private static void checkBound(boolean plusOne, int batched) {
        BoundLayers bound = BoundLayers.of(23, plusOne);
        Dims in = bound.in();
        FixedType xt = bound.inType();
        long[] x = bound.x();
        BigInteger want = bound.want();
        for (QMac l : bound.layers()) {
            String msg = l.name() + " at 2^24" + (plusOne ? " + 1" : "");
            FixedForward fwd = new FixedForward(new QNetwork("edge", in, xt, List.of(l)));
            assertEquals(batched, fwd.batchedLayers(false) + fwd.batchedLayers(true), msg + ": batched layers");
            List<Values> got = fwd.outputsGrouped(List.of(x, x, x));
            for (Values v : got) {
                for (int j = 0; j < v.size(); j++) {
                    assertEquals(want, v.big(j), msg + " [" + j + "]");
                }
            }
        }
    }

    /** Groups are as large as allowed, but no plane of a group holds more than PLANE_LIMIT raws. */
    @Test
    void groupsShrinkOnlyForHugeFeatureMaps() {
        for (int size : new int[] {1, 784, 7056, 1 << 17, (1 << 17) + 1, 1 << 20, 3 << 20, 1 << 22, 1 << 24}) {
            int g = BatchForward.groupFor(size);
            assertTrue(g >= 1 && g <= BatchForward.GROUP, size + ": " + g);
            assertTrue(g == 1 || (long) g * size <= BatchForward.PLANE_LIMIT, size + ": " + g + " samples");
            assertTrue(g == BatchForward.GROUP || (long) (g + 1) * size > BatchForward.PLANE_LIMIT,
                    size + ": " + g + " samples, one more would fit");
        }
    }

    /** On one kernel thread and on two, outputsBatch runs the group forward where it applies, with the same raws. */
    @Test
    void outputsBatchGivesTheOneSampleRaws() {
        int threads = Parallel.threads();
        int grouped = 0;
        try {
            for (long seed = 1; seed <= 80; seed++) {
                Parallel.setThreads(1 + (int) (seed % 2));
                SplittableRandom rnd = new SplittableRandom(seed);
                RandomChain c = new RandomChain(rnd, true);
                QNetwork net = c.network();
                FixedForward fwd = new FixedForward(net);
                if (!fwd.grouped()) {
                    continue;
                }
                grouped += fwd.batched() ? 1 : 0;
                List<long[]> raws = new ArrayList<>();
                for (int i = 0, n = 1 + (int) (seed % 5); i < n; i++) {
                    long[] r = new long[net.input().size()];
                    for (int j = 0; j < r.length; j++) {
                        r[j] = c.raw(net.inputType()).longValueExact();
                    }
                    raws.add(r);
                }
                List<Values> got = fwd.outputsBatch(raws);
                for (int i = 0; i < raws.size(); i++) {
                    Values want = fwd.outputs(raws.get(i));
                    for (int j = 0; j < want.size(); j++) {
                        assertEquals(want.big(j), got.get(i).big(j), "seed " + seed + ", " + Parallel.threads() + " threads, sample "
                                + i + " [" + j + "]");
                    }
                }
            }
        } finally {
            Parallel.setThreads(threads);
        }
        assertTrue(grouped > 10, grouped + " networks through the group forward");
    }
}
