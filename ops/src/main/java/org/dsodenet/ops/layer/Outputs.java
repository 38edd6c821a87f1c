package org.dsodenet.ops.layer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where layers get the arrays of the tensors they return, so that repeated calls of the same shapes (training
 * steps, inference batches) reuse arrays instead of allocating and zeroing new ones (a fresh 1.6 MB output cost
 * about as much thread CPU as some of the kernels that fill it).
 *
 * <p>Ownership: outside a scope {@link #take} is {@code new float[size]} and the caller owns the result for good, as
 * before. Inside a scope ({@link #open}, per thread) every array taken belongs to the outermost scope: it is never
 * handed out twice while that scope is open, and when the scope closes every one of them goes back to the thread's
 * pool for later scopes. So a caller that opens a scope promises that nothing taken inside it, and no tensor built
 * on such an array, is used after {@code close()}: a training step (forward, loss, backward; parameter gradients
 * live in {@link Param}, not here) or an inference call that reads its logits before closing. Inner scopes are part
 * of the outermost one, so code that opens a scope may be called from inside another.
 *
 * <p>Arrays from {@link #take} have unspecified contents: only callers that write every element may use it
 * ({@link #zeroed} for the others). {@link #setPoison} fills arrays with NaN as they go back to the pool, so a test
 * sees any read of a recycled array before it is written, or of a tensor used after its scope closed.
 */
public final class Outputs {
    private static final ThreadLocal<Outputs> LOCAL = ThreadLocal.withInitial(Outputs::new);
    private static volatile boolean poison;

    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private final List<float[]> taken = new ArrayList<>();
    private int depth;

    private Outputs() {}

    /** Opens a scope on the calling thread; close it on the same thread (try-with-resources). */
    public static Scope open() {
        Outputs o = LOCAL.get();
        o.depth++;
        return new Scope(o, Thread.currentThread());
    }

    /**
     * Runs {@code body} in a scope and returns its result, which must hold nothing taken inside (a loss, counts,
     * predictions copied out; never a tensor the body computed).
     */
    public static <T> T scoped(Supplier<T> body) {
        Scope scope = open();
        try {
            return body.get();
        } finally {
            scope.close();
        }
    }

    /** {@link #scoped(Supplier)} without a result. */
    public static void scoped(Runnable body) {
        Scope scope = open();
        try {
            body.run();
        } finally {
            scope.close();
        }
    }

    /** An array of {@code size} floats with unspecified contents (all zeros outside a scope). */
    public static float[] take(int size) {
        Outputs o = LOCAL.get();
        if (o.depth == 0) {
            return new float[size];
        }
        ArrayDeque<float[]> q = o.free.get(size);
        float[] a = q == null || q.isEmpty() ? new float[size] : q.pop();
        o.taken.add(a);
        return a;
    }

    /** An array of {@code size} zeros, from the pool inside a scope. */
    public static float[] zeroed(int size) {
        Outputs o = LOCAL.get();
        if (o.depth == 0) {
            return new float[size];
        }
        float[] a = take(size);
        Arrays.fill(a, 0f);
        return a;
    }

    /**
     * Drops the calling thread's pool (arrays still taken by an open scope stay with it), so memory kept for one run
     * of steps or batches does not outlive it.
     */
    public static void release() {
        LOCAL.get().free.clear();
    }

    /** Whether the calling thread is inside a scope. */
    public static boolean inScope() {
        return LOCAL.get().depth > 0;
    }

    /** When on, arrays are filled with NaN as they return to the pool (for tests). */
    public static void setPoison(boolean on) {
        poison = on;
    }

    private void close() {
        depth--;
        if (depth > 0) {
            return;
        }
        for (float[] a : taken) {
            if (poison) {
                Arrays.fill(a, Float.NaN);
            }
            free.computeIfAbsent(a.length, n -> new ArrayDeque<>()).push(a);
        }
        taken.clear();
    }

    /** One open scope; closing it twice or on another thread is an error. */
    public static final class Scope implements AutoCloseable {
        private final Outputs owner;
        private final Thread thread;
        private boolean closed;

        private Scope(Outputs owner, Thread thread) {
            this.owner = owner;
            this.thread = thread;
        }

        @Override
        public void close() {
            if (closed) {
                throw new IllegalStateException("output scope closed twice");
            }
            if (Thread.currentThread() != thread) {
                throw new IllegalStateException("output scope closed on another thread than it was opened on");
            }
            closed = true;
            owner.close();
        }
    }
}
