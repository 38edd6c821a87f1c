package org.dsodenet.ops.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The hooks of the one Euler loop: what the state hook returns is the state stepped on, forward and backward. */
class EulerLoopTest {
    private static final Shape S = Shape.nchw(1, 1, 1, 2);

    @Test
    void theStateHookSeesEveryNewStateAndItsResultIsSteppedOn() {
        EulerLoop loop = new EulerLoop("ode", 3, 0.5f, false);
        List<Integer> seen = new ArrayList<>();
        // f(z) = z; the hook floors the state, so 1 -> floor(1.5) = 1 at every step instead of growing to 3.375
        Tensor out = loop.forward(Tensor.of(S, 1f, 2f), k -> 0f, in -> in, (k, z) -> {
            seen.add(k);
            float[] d = z.data().clone();
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) Math.floor(d[i]);
            }
            return Tensor.wrap(z.shape(), d);
        });
        assertEquals(List.of(1, 2, 3), seen);
        assertArrayEquals(new float[] {1f, 6f}, out.data()); // 2 -> 3 -> 4.5 -> 4 -> 6
        Tensor plain = loop.forward(Tensor.of(S, 1f, 2f), k -> 0f, in -> in, EulerLoop.StateHook.none());
        assertArrayEquals(new float[] {3.375f, 6.75f}, plain.data());
    }

    @Test
    void theClockFeedsTheTimeChannelOnlyWhenThereIsOne() {
        List<Integer> asked = new ArrayList<>();
        EulerLoop.Clock clock = k -> {
            asked.add(k);
            return 10f * k;
        };
        List<Float> times = new ArrayList<>();
        new EulerLoop("ode", 2, 1f, true).forward(Tensor.of(S, 0f, 0f), clock, in -> {
            times.add(in.data()[in.size() - 1]);
            return Tensor.zeros(S);
        }, EulerLoop.StateHook.none());
        assertEquals(List.of(0f, 10f), times);
        asked.clear();
        new EulerLoop("ode", 2, 1f, false).forward(Tensor.of(S, 0f, 0f), clock, in -> in, EulerLoop.StateHook.none());
        assertTrue(asked.isEmpty());
    }

    @Test
    void backwardMasksThroughTheHookBeforeF() {
        EulerLoop loop = new EulerLoop("ode", 2, 0.5f, false);
        // f's backward is the identity (f(z) = z); the hook blocks the second component at state 2 only
        Tensor g = loop.backward(Tensor.of(S, 1f, 1f), gin -> gin,
                (k, gk) -> k == 2 ? Tensor.of(S, gk.data()[0], 0f) : gk);
        assertArrayEquals(new float[] {2.25f, 0f}, g.data());
    }

    @Test
    void backwardReusesNoArrayItWasGivenOrHandedOut() {
        EulerLoop loop = new EulerLoop("ode", 3, 0.5f, false);
        float[] last = {1f, -2f};
        List<float[]> fSaw = new ArrayList<>();
        // f's backward hands back the very gradient it gets (f(z) = z); every step multiplies by 1 + h = 1.5
        Tensor g = loop.backward(Tensor.wrap(S, last), gin -> {
            fSaw.add(gin.data().clone());
            return gin;
        }, EulerLoop.StateHook.none());
        assertArrayEquals(new float[] {3.375f, -6.75f}, g.data());
        assertArrayEquals(new float[] {1f, -2f}, last);
        assertArrayEquals(new float[] {0.5f, -1f}, fSaw.get(0));
        assertArrayEquals(new float[] {0.75f, -1.5f}, fSaw.get(1));
        assertArrayEquals(new float[] {1.125f, -2.25f}, fSaw.get(2));
    }

    @Test
    void fMustKeepTheStateShape() {
        EulerLoop loop = new EulerLoop("ode", 1, 1f, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop.forward(Tensor.of(S, 1f, 2f),
                k -> 0f, in -> Tensor.zeros(Shape.nchw(1, 1, 1, 3)), EulerLoop.StateHook.none()));
        assertTrue(e.getMessage().startsWith("ode: f maps state"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EulerLoop("ode", 0, 1f, false));
    }
}
