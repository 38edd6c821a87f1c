package org.dsodenet.adapt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.linear.Linear;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.Test;

class GradientReversalTest {

    @Test
    void keepsItsName() {
        assertEquals("dann.grl", new GradientReversal("dann.grl", 0.5).name());
        assertEquals("grl", new GradientReversal(0.5).name());
    }

    @Test
    void identityForwardNegatedScaledBackward() {
        GradientReversal grl = new GradientReversal(0.5);
        Tensor x = Tensor.of(Shape.of(2, 2), 1f, -2f, 3f, 4f);
        assertSame(x, grl.forward(x, true));
        Tensor g = Tensor.of(Shape.of(2, 2), 2f, -4f, 0.25f, 8f);
        assertArrayEquals(new float[] {-1f, 2f, -0.125f, -4f}, grl.backward(g).data());
        grl.forward(x, true);
        grl.setLambda(2);
        assertArrayEquals(new float[] {-4f, 8f, -0.5f, -16f}, grl.backward(g).data());
        assertArrayEquals(new float[] {2f, -4f, 0.25f, 8f}, g.data(), "the incoming gradient is not modified");
    }

    @Test
    void reversesTheGradientReachingEarlierLayers() {
        // Linear -> GRL(lambda) -> Linear versus Linear -> Linear with the same weights: every gradient before
        // the reversal is -lambda times the plain one, gradients after it are unchanged
        double lambda = 0.75;
        SplittableRandom r = new SplittableRandom(3);
        Linear a1 = Linear.init("a", 3, 4, true, r);
        Linear b1 = Linear.init("b", 4, 2, true, r);
        Linear a2 = new Linear("a", 3, 4, a1.weight().value().clone(), a1.bias().value().clone());
        Linear b2 = new Linear("b", 4, 2, b1.weight().value().clone(), b1.bias().value().clone());
        Sequential reversed = new Sequential(a1, new GradientReversal(lambda), b1);
        Sequential plain = new Sequential(a2, b2);
        Tensor x = Tensor.randn(Shape.of(5, 3), 7);
        Tensor g = Tensor.randn(Shape.of(5, 2), 8);
        reversed.forward(x, true);
        plain.forward(x, true);
        Tensor dxR = reversed.backward(g);
        Tensor dxP = plain.backward(g);
        for (int i = 0; i < dxR.size(); i++) {
            assertEquals(-lambda * dxP.data()[i], dxR.data()[i], 1e-6);
        }
        for (int i = 0; i < a1.weight().size(); i++) {
            assertEquals(-lambda * a2.weight().grad()[i], a1.weight().grad()[i], 1e-6);
        }
        assertArrayEquals(b2.weight().grad(), b1.weight().grad());
    }

    @Test
    void followsTheCacheContract() {
        GradientReversal grl = new GradientReversal("grl", 1);
        grl.forward(Tensor.zeros(2, 3), false);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> grl.backward(Tensor.zeros(2, 3)));
        assertEquals("grl: backward without a matching forward(x, training=true)", e.getMessage());
        grl.forward(Tensor.zeros(2, 3), true);
        grl.forward(Tensor.zeros(4, 1), true);
        assertEquals(Shape.of(4, 1), grl.backward(Tensor.zeros(4, 1)).shape());
        assertThrows(IllegalArgumentException.class, () -> grl.backward(Tensor.zeros(4, 1)));
        grl.forward(Tensor.zeros(1, 1), true);
        grl.clearCache();
        assertThrows(IllegalStateException.class, () -> grl.backward(Tensor.zeros(1, 1)));
    }

    @Test
    void dannSchedule() {
        assertEquals(0, GradientReversal.dannLambda(0), 0);
        assertEquals(2 / (1 + Math.exp(-5)) - 1, GradientReversal.dannLambda(0.5), 1e-15);
        assertEquals(0.9999092, GradientReversal.dannLambda(1), 1e-7);
        double prev = -1;
        for (int i = 0; i <= 100; i++) {
            double l = GradientReversal.dannLambda(i / 100.0);
            assertTrue(l > prev && l < 1);
            prev = l;
        }
        assertThrows(IllegalArgumentException.class, () -> GradientReversal.dannLambda(1.5));
        assertThrows(IllegalArgumentException.class, () -> new GradientReversal(-1));
    }
}
