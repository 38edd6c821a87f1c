package org.dsodenet.ops.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void shapeValidatesAndComparesByValue() {
        Shape s = Shape.nchw(2, 3, 4, 5);
        assertEquals(120, s.size());
        assertEquals(60, s.perSample());
        assertEquals(Shape.of(2, 3, 4, 5), s);
        assertEquals(Shape.of(2, 3, 4, 5).hashCode(), s.hashCode());
        assertNotEquals(Shape.of(2, 3, 5, 4), s);
        assertEquals("(2, 3, 4, 5)", s.toString());
        assertEquals(3, s.c());
        assertEquals(Shape.nchw(7, 3, 4, 5), s.withN(7));
        int[] dims = {1, 2};
        Shape v = new Shape(dims);
        dims[0] = 9;
        assertEquals(1, v.n());
        v.dims()[1] = 9;
        assertEquals(2, v.dim(1));
        assertEquals("dimensions must be positive, got [2, 0]",
                assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shape.of());
        assertThrows(IllegalArgumentException.class, () -> Shape.of(65536, 65536));
        assertEquals("expected an NCHW shape, got (2, 3)",
                assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).c()).getMessage());
    }

    @Test
    void indexingIsRowMajorNchw() {
        Tensor t = Tensor.zeros(Shape.nchw(2, 3, 4, 5));
        t.set(1, 2, 3, 4, 7f);
        assertEquals(7f, t.data()[119]);
        t.set(5f, 0, 1, 0, 2);
        assertEquals(5f, t.data()[22]);
        assertEquals(5f, t.get(0, 1, 0, 2));
        assertEquals(7f, t.get(new int[] {1, 2, 3, 4}));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(0, 0, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> t.get(new int[] {0, 0}));
    }

    @Test
    void copyIsDeepAndOfCopiesItsInput() {
        float[] v = {1, 2, 3};
        Tensor t = Tensor.of(Shape.of(1, 3), v);
        v[0] = 9;
        assertEquals(1f, t.get(0, 0));
        Tensor c = t.copy();
        c.data()[1] = 8;
        assertEquals(2f, t.get(0, 1));
        Tensor w = Tensor.wrap(Shape.of(3), v);
        v[2] = 4;
        assertEquals(4f, w.get(2));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(Shape.of(2, 2), 1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> t.reshape(Shape.of(4)));
        assertEquals(Shape.of(3, 1), t.reshape(Shape.of(3, 1)).shape());
    }

    @Test
    void randnIsReproducibleAndStandard() {
        Tensor a = Tensor.randn(Shape.of(10000), 5);
        assertArrayEquals(a.data(), Tensor.randn(Shape.of(10000), 5).data());
        assertNotEquals(a.data()[0], Tensor.randn(Shape.of(10000), 6).data()[0]);
        double mean = 0;
        double sq = 0;
        for (float f : a.data()) {
            mean += f;
            sq += f * f;
        }
        mean /= a.size();
        assertEquals(0, mean, 0.05);
        assertEquals(1, sq / a.size() - mean * mean, 0.05);
        Tensor b = Tensor.randn(Shape.of(100), new SplittableRandom(5), 2.0);
        assertEquals(2 * a.data()[3], b.data()[3], 1e-6);
    }
}
