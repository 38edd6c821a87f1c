package org.dsodenet.ops.layer;

import java.util.Arrays;
import org.dsodenet.ops.tensor.Shape;

/**
 * A trainable parameter: its name (e.g. {@code "block1.dw.weight"}), shape, values and accumulated gradient.
 * The arrays are owned by the layer and updated in place by optimizers.
 */
public final class Param {
    private final String name;
    private final Shape shape;
    private final float[] value;
    private final float[] grad;

    public Param(String name, Shape shape, float[] value) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("parameter name must not be empty");
        }
        if (value.length != shape.size()) {
            throw new IllegalArgumentException(name + ": shape " + shape + " needs " + shape.size() + " values, got "
                    + value.length);
        }
        this.name = name;
        this.shape = shape;
        this.value = value;
        this.grad = new float[value.length];
    }

    public String name() {
        return name;
    }

    public Shape shape() {
        return shape;
    }

    /** The values (not a copy). */
    public float[] value() {
        return value;
    }

    /** The accumulated gradient (not a copy). */
    public float[] grad() {
        return grad;
    }

    public int size() {
        return value.length;
    }

    public void zeroGrad() {
        Arrays.fill(grad, 0f);
    }

    @Override
    public String toString() {
        return name + shape;
    }
}
