package org.dsodenet.ops.fixed;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicReference;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.junit.jupiter.api.Test;

/**
 * What a thread keeps from one group forward to the next (a QAT step builds a new forward of the same shapes every
 * step, with other weights): its planes.
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

    private static long[] randomInput(SplittableRandom rnd) {
        long[] x = new long[D.size()];
        for (int j = 0; j < x.length; j++) {
            x[j] = rnd.nextInt(-128, 128);
        }
        return x;
    }
}
