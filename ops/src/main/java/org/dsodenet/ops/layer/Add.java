package org.dsodenet.ops.layer;

import org.dsodenet.ops.tensor.Tensor;

/**
 * Element-wise sum of two tensors of equal shape (the join of a residual connection). Its backward is the identity
 * towards both inputs, so there is no state to keep; {@link Residual} is the layer form.
 */
public final class Add {
    private Add() {}

    /** {@code a + b}, element-wise, as a new tensor. */
    public static Tensor apply(Tensor a, Tensor b) {
        b.requireShape(a.shape(), "second addend");
        float[] x = a.data();
        float[] y = b.data();
        float[] out = Outputs.take(x.length);
        for (int i = 0; i < out.length; i++) {
            out[i] = x[i] + y[i];
        }
        return Tensor.wrap(a.shape(), out);
    }

    /** {@code acc += b} in place (for gradient accumulation into a tensor the caller owns). */
    public static void addInto(Tensor acc, Tensor b) {
        b.requireShape(acc.shape(), "addend");
        float[] x = acc.data();
        float[] y = b.data();
        for (int i = 0; i < x.length; i++) {
            x[i] += y[i];
        }
    }
}
