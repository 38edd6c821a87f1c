package org.dsodenet.ops.layer;

import java.util.ArrayDeque;

/**
 * The per-layer stack of forward states described in {@link Layer}: push on a training forward, pop on backward.
 *
 * @param <T> what one forward call records
 */
public final class ForwardCache<T> {
    private final String owner;
    private final ArrayDeque<T> stack = new ArrayDeque<>();

    /** {@code owner} names the layer in error messages. */
    public ForwardCache(String owner) {
        this.owner = owner;
    }

    public void push(T state) {
        stack.push(state);
    }

    /** The most recent state; throws when backward has no matching training forward. */
    public T pop() {
        T s = stack.poll();
        if (s == null) {
            throw new IllegalStateException(owner + ": backward without a matching forward(x, training=true)");
        }
        return s;
    }

    public int depth() {
        return stack.size();
    }

    public void clear() {
        stack.clear();
    }
}
