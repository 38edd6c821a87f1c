package org.dsodenet.ops.fixed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicReference;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.ops.fixed.kernel.Values;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.junit.jupiter.api.Test;

/**
 * What a thread keeps from one group forward to the next (a QAT step builds a new forward of the same shapes every
 * step, with other weights): its planes, and in them each float-plane layer's bias plane. Forwards of one shape whose
 * weights or biases differ, taking turns on one thread, must each give {@link FixedForward#run}'s raws: nothing
 * filled or proven for one forward's weights may serve another's.
 */
class SharedPlanesTest {
    private static final Dims D = new Dims(2, 4, 4);
    private static final FixedType IN = FixedType.signed(8, 8);
    /**
     * 8-bit weights and a 20-bit accumulator with 8 fractional bits, 8-bit integer outputs: float taps, outputs
     * converted on floats (8 bits dropped) and handed on as floats.
     */
    private static final AccTypes ON_FLOATS = new AccTypes(FixedType.signed(8, 0), FixedType.signed(18, 10),
            FixedType.signed(20, 12), new FixedType(true, 8, 8, QuantMode.AP_RND_CONV, OverflowMode.AP_SAT, 0));

    /**
     * Two networks with the same weights and different biases (a pointwise layer, then a depthwise 3×3 one, both on
     * float planes with their bias planes), taking turns on one thread, each forward asked for 2 then 5 samples (its
     * planes grow): a plane filled with the other network's biases would give that network's raws.
     */
    @Test
    void biasPlanesFollowTheirForward() {
        SplittableRandom rnd = new SplittableRandom(31);
        long[] pw = new long[2 * 2];
        long[] dw = new long[2 * 9];
        for (int i = 0; i < pw.length; i++) {
            pw[i] = rnd.nextInt(-120, 121);
        }
        for (int i = 0; i < dw.length; i++) {
            dw[i] = rnd.nextInt(-120, 121);
        }
        List<FixedForward> fwds = List.of(new FixedForward(floatNet(pw, dw, new long[] {3, -5}, new long[] {7, 0})),
                new FixedForward(floatNet(pw, dw, new long[] {-900, 400}, new long[] {-60, 1100})));
        for (FixedForward f : fwds) {
            assertEquals(2, f.batchedLayers(true),
                    "both layers convert on float planes (on longs: " + f.batchedLayers(false) + ")");
        }
        List<long[]> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(randomInput(rnd));
        }
        assertTrue(differ(fwds.get(0), fwds.get(1), five), "the biases show in the outputs");
        for (int turn = 0; turn < 4; turn++) {
            FixedForward fwd = fwds.get(turn % 2);
            String msg = "turn " + turn;
            agreeWithRun(fwd, five.subList(0, 2), msg + ", 2 samples");
            agreeWithRun(fwd, five, msg + ", 5 samples");
        }
    }

    /**
     * Forwards of one shape on either side of the float proof's bound (sums of 2^24 on float taps, 2^24 + 1 not),
     * and on either side of the int group path's bound (2^31 - 1 on plain ints, 2^31 on split sums, whole or partial), taking turns
     * on one thread: each takes its own path and gives the exact raws.
     */
    @Test
    void proofsOnEitherSideOfTheBoundsFollowTheirForward() {
        BoundLayers at = BoundLayers.of(23, false);
        BoundLayers past = BoundLayers.of(23, true);
        for (int l = 0; l < at.layers().size(); l++) {
            List<FixedForward> fwds = List.of(
                    new FixedForward(new QNetwork("at", at.in(), at.inType(), List.of(at.layers().get(l)))),
                    new FixedForward(new QNetwork("past", past.in(), past.inType(), List.of(past.layers().get(l)))));
            String name = at.layers().get(l).name();
            assertEquals(1, fwds.get(0).batchedLayers(false) + fwds.get(0).batchedLayers(true), name + " at the bound");
            assertEquals(0, fwds.get(1).batchedLayers(false) + fwds.get(1).batchedLayers(true), name + " past it");
            for (int turn = 0; turn < 4; turn++) {
                List<Values> got = fwds.get(turn % 2).outputsGrouped(List.of(at.x(), at.x(), at.x()));
                for (Values v : got) {
                    for (int j = 0; j < v.size(); j++) {
                        assertEquals(turn % 2 == 0 ? at.want() : past.want(), v.big(j), name + ", turn " + turn);
                    }
                }
            }
        }
        FixedType wide = FixedType.signed(18, 18);
        long[] low = new long[D.size()];
        Arrays.fill(low, -(1L << 16));
        // K + (2^15 - 1)·2^16 with K = 2^16 - 1 is 2^31 - 1; with K = 2^16 it is 2^31
        List<FixedForward> fwds = List.of(new FixedForward(intBoundNet(wide, (1L << 16) - 1)),
                new FixedForward(intBoundNet(wide, 1L << 16)));
        for (int turn = 0; turn < 4; turn++) {
            FixedForward fwd = fwds.get(turn % 2);
            long runs = fwd.intRuns(false);
            long splits = fwd.splitRuns() + fwd.partialRuns();
            agreeWithRun(fwd, List.of(low, low), "int bound, turn " + turn);
            assertEquals(1, fwd.intRuns(false) - runs, "turn " + turn + ": runs on ints");
            assertEquals(turn % 2, fwd.splitRuns() + fwd.partialRuns() - splits,
                    "turn " + turn + ": chunks on split sums (whole or partial)");
        }
    }

    /**
     * A common-pool worker keeps its planes from task to task: the JDK erases those workers' thread locals after
     * every top-level task, which made a QAT step's parallel groups allocate a new set of planes every step. One
     * more task than the pool has workers, one after the other: some worker runs two of them.
     */
    @Test
    void commonPoolWorkersKeepTheirPlanes() throws InterruptedException {
        FixedForward fwd = new FixedForward(floatNet(new long[] {1, 2, 3, 4}, new long[18], new long[] {1, 2},
                new long[] {3, 4}));
        List<long[]> inputs = List.of(randomInput(new SplittableRandom(5)));
        int tasks = ForkJoinPool.getCommonPoolParallelism() + 1;
        List<Thread> threads = new ArrayList<>();
        List<Object> planes = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            CountDownLatch done = new CountDownLatch(1);
            AtomicReference<Object> seen = new AtomicReference<>();
            AtomicReference<Thread> on = new AtomicReference<>();
            ForkJoinPool.commonPool().execute(() -> {
                try {
                    fwd.outputsGrouped(inputs);
                    seen.set(fwd.groupPlanes());
                    on.set(Thread.currentThread());
                } finally {
                    done.countDown();
                }
            });
            done.await();
            assertNotNull(seen.get(), "task " + t + " ran the group forward");
            threads.add(on.get());
            planes.add(seen.get());
        }
        int repeats = 0;
        for (int a = 0; a < tasks; a++) {
            for (int b = a + 1; b < tasks; b++) {
                if (threads.get(a) == threads.get(b)) {
                    repeats++;
                    assertSame(planes.get(a), planes.get(b), "tasks " + a + " and " + b + " on " + threads.get(a));
                }
            }
        }
        assertTrue(repeats > 0, "some worker ran two tasks");
    }

    /** A pointwise layer 2 → 2 then a depthwise 3×3 one, both on float planes. */
    private static QNetwork floatNet(long[] pw, long[] dw, long[] pwBias, long[] dwBias) {
        List<QMac> layers = List.of(new QPointwiseConv2d("pw", 2, 2, pw, pwBias, ON_FLOATS),
                new QDepthwiseConv2d("dw", 2, 3, 1, 1, dw, dwBias, ON_FLOATS));
        return new QNetwork("floats", D, IN, List.copyOf(layers));
    }

    /**
     * The pointwise layer 2 → 1 of BatchForwardTest's int bound (weights -2^14 and -2^14 + 1, an accumulator that
     * keeps every bit, 15 dropped bits), bias {@code b}.
     */
    private static QNetwork intBoundNet(FixedType in, long b) {
        FixedType out = new FixedType(true, 18, 33, QuantMode.AP_RND_CONV, OverflowMode.AP_SAT, 0);
        AccTypes types = new AccTypes(FixedType.signed(15, 15), FixedType.signed(18, 18), FixedType.signed(60, 60),
                out);
        return new QNetwork("int-edge", D, in, List.of(new QPointwiseConv2d("pw", 2, 1,
                new long[] {-(1L << 14), -(1L << 14) + 1}, new long[] {b}, types)));
    }

    private static long[] randomInput(SplittableRandom rnd) {
        long[] x = new long[D.size()];
        for (int j = 0; j < x.length; j++) {
            x[j] = rnd.nextInt(-128, 128);
        }
        return x;
    }

    /** Whether the two forwards' raws differ somewhere on these inputs. */
    private static boolean differ(FixedForward a, FixedForward b, List<long[]> inputs) {
        for (long[] x : inputs) {
            Values va = a.run(x).output().raws();
            Values vb = b.run(x).output().raws();
            for (int j = 0; j < va.size(); j++) {
                if (!va.big(j).equals(vb.big(j))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The group forward's raws of every input are {@link FixedForward#run}'s. */
    private static void agreeWithRun(FixedForward fwd, List<long[]> inputs, String msg) {
        List<Values> got = fwd.outputsGrouped(inputs);
        assertEquals(inputs.size(), got.size(), msg);
        for (int i = 0; i < inputs.size(); i++) {
            Values want = fwd.run(inputs.get(i)).output().raws();
            assertEquals(want.size(), got.get(i).size(), msg);
            for (int j = 0; j < want.size(); j++) {
                assertEquals(want.big(j), got.get(i).big(j), msg + ", sample " + i + " [" + j + "]");
            }
        }
    }
}
