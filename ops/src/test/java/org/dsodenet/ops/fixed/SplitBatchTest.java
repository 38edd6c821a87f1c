package org.dsodenet.ops.fixed;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.ops.fixed.kernel.Values;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.parallel.Parallel;
import org.junit.jupiter.api.Test;

/**
 * {@link FixedForward#outputsBatch} on several kernel threads, where the batch is cut into parts that each thread
 * runs as groups of its own: every sample's raws are the one-thread batch's and the one-sample forward's, for batch
 * sizes around the parts' edges (1, odd sizes, one either side of a whole number of parts per thread) on two and
 * three threads, on random networks that take the group forward; and a part's forward that gives up (the slower
 * of two runs of it) leaves its thread's planes fit for the next.
 */
class SplitBatchTest {
    /** Batch sizes where the cut into parts changes on two or three threads, and a few others. */
    private static final int[] EDGES = {1, 2, 3, 7, 15, 16, 17, 20, 23, 24, 25, 31, 32, 33, 39, 47, 48, 49};

    @Test
    void splitBatchesGiveTheOneThreadRaws() {
        int saved = Parallel.threads();
        int[] split = new int[1]; // batches that took the split group path
        try {
            qt().withExamples(scaled(150)).forAll(longs().all()).checkAssert(seed -> {
                SplittableRandom rnd = new SplittableRandom(seed);
                RandomChain c = new RandomChain(rnd, true);
                QNetwork net = c.network();
                FixedForward fwd = new FixedForward(net);
                if (!fwd.batched()) {
                    return; // sample by sample on any thread count: not the split this test is about
                }
                int images = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(50) : EDGES[rnd.nextInt(EDGES.length)];
                int threads = 2 + rnd.nextInt(2);
                List<long[]> raws = draw(c, net, images);
                Parallel.setThreads(1);
                List<Values> one = fwd.outputsBatch(raws);
                Parallel.setThreads(threads);
                List<Values> got = fwd.outputsBatch(raws);
                split[0] += images > 1 ? 1 : 0;
                String msg = "seed " + seed + ", " + images + " samples on " + threads + " threads: ";
                assertEquals(images, got.size(), msg);
                for (int i = 0; i < images; i++) {
                    Values single = fwd.outputs(raws.get(i));
                    assertEquals(single.size(), got.get(i).size(), msg + "sample " + i);
                    for (int j = 0; j < single.size(); j++) {
                        assertEquals(single.big(j), got.get(i).big(j), msg + "sample " + i + " [" + j + "]");
                        assertEquals(one.get(i).big(j), got.get(i).big(j), msg + "sample " + i + " [" + j + "]");
                    }
                }
            });
        } finally {
            Parallel.setThreads(saved);
        }
        assertTrue(split[0] > 20, split[0] + " batches split over threads");
    }

    /**
     * A group forward given up before any of its layers (the slower run of a part another thread has finished)
     * returns null, and leaves the thread's planes, ranges and layouts fit for the next forward: that one's raws
     * are the one-sample forward's, whether the next is the same batch, a larger one or a smaller one.
     */
    @Test
    void aForwardGivenUpBeforeAnyLayerLeavesTheNextOneExact() {
        int[] seen = new int[2]; // given up; ran to the end
        qt().withExamples(scaled(150)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            RandomChain c = new RandomChain(rnd, true);
            QNetwork net = c.network();
            FixedForward fwd = new FixedForward(net);
            if (!fwd.grouped()) {
                return;
            }
            List<long[]> raws = draw(c, net, 1 + rnd.nextInt(12));
            int layers = rnd.nextInt(12);
            int[] checks = new int[1];
            List<Values> first = fwd.outputsGrouped(raws, () -> ++checks[0] > layers);
            String msg = "seed " + seed + ", given up at layer " + layers + ": ";
            if (first == null) {
                seen[0]++;
                assertTrue(checks[0] == layers + 1, msg + checks[0] + " checks");
            } else {
                seen[1]++;
                assertSame(fwd, raws, first, msg);
            }
            List<long[]> next = switch (rnd.nextInt(3)) {
                case 0 -> raws;
                case 1 -> draw(c, net, raws.size() + 1 + rnd.nextInt(5));
                default -> raws.subList(0, 1 + rnd.nextInt(raws.size()));
            };
            assertSame(fwd, next, fwd.outputsGrouped(next), msg + "the next forward");
        });
        assertTrue(seen[0] > 60 && seen[1] > 20, seen[0] + " given up, " + seen[1] + " ran to the end");
    }

    private static List<long[]> draw(RandomChain c, QNetwork net, int images) {
        List<long[]> raws = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            long[] r = new long[net.input().size()];
            for (int j = 0; j < r.length; j++) {
                r[j] = c.raw(net.inputType()).longValueExact();
            }
            raws.add(r);
        }
        return raws;
    }

    /** got holds the one-sample forward's raws of every input. */
    private static void assertSame(FixedForward fwd, List<long[]> raws, List<Values> got, String msg) {
        assertEquals(raws.size(), got.size(), msg);
        for (int i = 0; i < raws.size(); i++) {
            Values single = fwd.outputs(raws.get(i));
            assertEquals(single.size(), got.get(i).size(), msg + "sample " + i);
            for (int j = 0; j < single.size(); j++) {
                assertEquals(single.big(j), got.get(i).big(j), msg + "sample " + i + " [" + j + "]");
            }
        }
    }
}
