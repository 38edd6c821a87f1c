package org.dsodenet.ops.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SampleSplitTest {
    private final int saved = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
        Outputs.setPoison(false);
    }

    /**
     * A per-sample map with a kernel loop inside, whose outputs come from the output scope and have another shape
     * than its inputs: each sample's three values sum its own input and its position in the part. Records the part
     * it ran as its first input value (the inputs are distinct random values, so this names the part's offset) and
     * its size: a part run again by the caller ({@link Parallel#forEachIdempotent}: a held-up part) is the same entry.
     */
    private static Tensor perSample(Tensor x, Map<Float, Integer> parts) {
        int n = x.shape().n();
        int per = x.shape().perSample();
        parts.put(x.data()[0], n);
        float[] y = Outputs.take(n * 3);
        Parallel.forEach(n, s -> {
            float sum = 0;
            for (int i = 0; i < per; i++) {
                sum += x.data()[s * per + i];
            }
            y[3 * s] = sum;
            y[3 * s + 1] = -sum;
            y[3 * s + 2] = 2 * sum;
        });
        return Tensor.wrap(Shape.of(n, 3), y);
    }

    @Test
    void theSplitGivesTheWholeBatchsResultInOrder() {
        Outputs.setPoison(true); // a part's array read after its scope closed would show NaN
        for (int n : new int[] {1, 2, 5, 16, 17, 20, 64}) {
            Tensor x = Tensor.randn(Shape.nchw(n, 2, 3, 3), n);
            Parallel.setThreads(1);
            float[] whole = perSample(x, new ConcurrentHashMap<>()).data();
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setThreads(threads);
                // a map per run: a held-up part may run again after map returns; that run must not count in the next
                Map<Float, Integer> sizes = new ConcurrentHashMap<>();
                Tensor y = Outputs.scoped(() -> {
                    Tensor t = SampleSplit.map(x, part -> perSample(part, sizes));
                    return Tensor.wrap(t.shape(), t.data().clone());
                });
                assertEquals(Shape.of(n, 3), y.shape());
                assertArrayEquals(whole, y.data(), n + " samples on " + threads + " threads");
                Parts parts = Parts.of(n, threads, SampleSplit.PART);
                assertEquals(threads == 1 ? 1 : parts.count(), sizes.size(), n + " samples on " + threads + " threads: " + sizes);
                assertEquals(n, sizes.values().stream().mapToInt(Integer::intValue).sum());
            }
        }
    }

    @Test
    void oneThreadRunsTheMapItself() {
        Parallel.setThreads(1);
        Tensor x = Tensor.randn(Shape.nchw(20, 1, 2, 2), 1);
        Tensor mark = Tensor.zeros(Shape.of(1));
        UnaryOperator<Tensor> f = t -> t == x ? mark : t;
        assertSame(mark, SampleSplit.map(x, f));
    }
}
