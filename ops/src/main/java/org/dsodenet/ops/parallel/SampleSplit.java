package org.dsodenet.ops.parallel;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.UnaryOperator;
import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.tensor.Tensor;

/**
 * A whole inference forward split by samples: each thread runs the network on its own parts of the batch, every
 * kernel inside on that thread alone. Per-layer loops cost a hand-off between the threads a few dozen times per
 * forward, each around a few tens of microseconds of work on the demo's model, and on this machine the second core
 * then made float inference slower; split once, the threads meet once per forward.
 *
 * <p>Only for maps whose every output sample depends on its own input sample alone, as inference does (batch norm
 * on its running statistics): kernels compute each output value on its own whatever the batch around it, so each
 * part gives the floats the whole batch would. Training forwards are not such maps (batch statistics, caches).
 */
public final class SampleSplit {
    /** Samples a part aims at: enough for the kernels' vector loops, several parts per thread to balance them. */
    static final int PART = 2;

    private SampleSplit() {}

    /**
     * {@code f(x)} for a batch {@code x} (samples along the first axis), computed on every kernel thread. With one
     * thread, or one sample, simply {@code f(x)}; otherwise the result's array comes from {@link Outputs#take}.
     */
    public static Tensor map(Tensor x, UnaryOperator<Tensor> f) {
        int n = x.shape().n();
        int threads = Parallel.threads();
        if (threads == 1 || n < 2) {
            return f.apply(x);
        }
        Parts parts = Parts.of(n, threads, PART);
        // A part's result is the same floats whoever computes it, so a part held up on a preempted thread may run
        // again on the caller; the first result stored wins, and a late run (which may even read an input the caller
        // has reused by then) finds its slot taken. The atomic array also publishes each part's result to the caller.
        AtomicReferenceArray<Tensor> out = new AtomicReferenceArray<>(parts.count());
        Parallel.forEachIdempotent(parts.count(), p -> out.compareAndSet(p, null, Outputs.scoped(() -> {
            Tensor y = f.apply(slice(x, parts.from(p), parts.to(p)));
            // the part's own arrays go back to its thread's pool with the scope; the result is kept apart
            return Tensor.wrap(y.shape(), y.data().clone());
        })));
        int per = out.get(0).shape().perSample();
        float[] y = Outputs.take(n * per);
        int at = 0;
        for (int p = 0; p < parts.count(); p++) {
            Tensor t = out.get(p);
            System.arraycopy(t.data(), 0, y, at, t.size());
            at += t.size();
        }
        return Tensor.wrap(out.get(0).shape().withN(n), y);
    }

    /** Samples {@code [from, to)} of {@code x}, in an array of the calling thread's scope. */
    private static Tensor slice(Tensor x, int from, int to) {
        int per = x.shape().perSample();
        float[] s = Outputs.take((to - from) * per);
        System.arraycopy(x.data(), from * per, s, 0, s.length);
        return Tensor.wrap(x.shape().withN(to - from), s);
    }
}
