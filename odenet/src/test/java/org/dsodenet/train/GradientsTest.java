package org.dsodenet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.tensor.Shape;
import org.junit.jupiter.api.Test;

class GradientsTest {

    private static Param withGrad(String name, float... g) {
        Param p = new Param(name, Shape.of(g.length), new float[g.length]);
        System.arraycopy(g, 0, p.grad(), 0, g.length);
        return p;
    }

    @Test
    void globalNormAndClipping() {
        Param a = withGrad("a", 3f);
        Param b = withGrad("b", 0f, 4f);
        assertEquals(5, Gradients.globalNorm(List.of(a, b)), 1e-12);
        assertEquals(5, Gradients.clipGlobalNorm(List.of(a, b), 10), 1e-12);
        assertArrayEquals(new float[] {3f}, a.grad());
        assertEquals(5, Gradients.clipGlobalNorm(List.of(a, b), 1), 1e-12);
        assertArrayEquals(new float[] {0.6f}, a.grad(), 1e-7f);
        assertArrayEquals(new float[] {0f, 0.8f}, b.grad(), 1e-7f);
        assertEquals(1, Gradients.globalNorm(List.of(a, b)), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> Gradients.clipGlobalNorm(List.of(a), 0));
    }

    @Test
    void nonFiniteGradientsAreFoundAndNotScaled() {
        Param a = withGrad("a", 1f);
        Param b = withGrad("b", 2f, Float.NaN);
        assertNull(Gradients.firstNonFinite(List.of(a)));
        assertEquals("b", Gradients.firstNonFinite(List.of(a, b)));
        assertEquals(Double.NaN, Gradients.clipGlobalNorm(List.of(a, b), 0.5));
        assertArrayEquals(new float[] {1f}, a.grad());
    }
}
