package org.dsodenet.ops.ode;

import java.util.Arrays;
import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/**
 * The time input of an ODE function as one extra constant channel appended after the state channels, as in
 * torchdiffeq's ODE-Net example: (N, C, H, W) to (N, C+1, H, W).
 */
public final class TimeChannel {
    private TimeChannel() {}

    /** The state with a last channel filled with {@code t}. */
    public static Tensor append(Tensor z, float t) {
        Shape s = z.shape().requireRank4();
        int c = s.c();
        int plane = s.h() * s.w();
        float[] src = z.data();
        float[] dst = Outputs.take(s.n() * (c + 1) * plane);
        for (int n = 0; n < s.n(); n++) {
            System.arraycopy(src, n * c * plane, dst, n * (c + 1) * plane, c * plane);
            int o = (n * (c + 1) + c) * plane;
            Arrays.fill(dst, o, o + plane, t);
        }
        return Tensor.wrap(Shape.nchw(s.n(), c + 1, s.h(), s.w()), dst);
    }

    /** The gradient with the time channel removed (the time input is not trained). */
    public static Tensor dropLast(Tensor g) {
        Shape s = g.shape().requireRank4();
        int c = s.c() - 1;
        if (c < 1) {
            throw new IllegalArgumentException("no state channels left after dropping the time channel of " + s);
        }
        int plane = s.h() * s.w();
        float[] src = g.data();
        float[] dst = Outputs.take(s.n() * c * plane);
        for (int n = 0; n < s.n(); n++) {
            System.arraycopy(src, n * (c + 1) * plane, dst, n * c * plane, c * plane);
        }
        return Tensor.wrap(Shape.nchw(s.n(), c, s.h(), s.w()), dst);
    }
}
