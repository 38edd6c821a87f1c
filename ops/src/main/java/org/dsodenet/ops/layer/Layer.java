package org.dsodenet.ops.layer;

import java.util.List;
import org.dsodenet.ops.tensor.Tensor;

/**
 * A differentiable layer on float tensors.
 *
 * <p>Cache contract (what makes weight sharing across ODE steps work): every {@code forward(x, true)} pushes the
 * state its backward needs onto a per-layer stack, and every {@code backward} pops the most recent entry. A layer
 * called k times in training therefore takes k backward calls in reverse order, exactly the order reverse-mode
 * differentiation of an unrolled loop produces. {@code forward(x, false)} (inference) records nothing.
 *
 * <p>{@code backward} returns the gradient with respect to the input of the matching forward and <em>adds</em> the
 * parameter gradients to {@link Param#grad()}; callers zero them between optimizer steps. Layers never modify the
 * tensors they are given; cached inputs are kept by reference, so callers must not modify them either.
 *
 * <p>A layer instance is driven by one thread at a time (its cache stack is not synchronized); its kernels
 * parallelize internally through {@link org.dsodenet.ops.parallel.Parallel}.
 */
public interface Layer {
    /**
     * The layer's name: unique within a network for the layers that have weights or a quantized form (the
     * quantized layer made from it keeps it), a fixed name of the kind for containers.
     */
    String name();

    /**
     * Calls the method of {@code v} for this layer's kind ({@link LayerVisitor#other} for layers defined outside
     * {@code ops}): the one way to tell float layer kinds apart, so that a new kind cannot be forgotten.
     */
    <R> R accept(LayerVisitor<R> v);

    /** Computes the output; in training mode also records what backward needs. */
    Tensor forward(Tensor x, boolean training);

    /** Gradient with respect to the input of the most recent unmatched training forward; accumulates param grads. */
    Tensor backward(Tensor gradOut);

    /** Trainable parameters, in a stable order. */
    default List<Param> params() {
        return List.of();
    }

    /** Drops every recorded forward state (for a training forward whose backward will not run). */
    void clearCache();

    /** Sets every parameter gradient to zero. */
    default void zeroGrad() {
        for (Param p : params()) {
            p.zeroGrad();
        }
    }
}
