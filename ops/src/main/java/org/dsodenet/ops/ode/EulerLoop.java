package org.dsodenet.ops.ode;

import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.tensor.Tensor;

/**
 * The explicit Euler loop {@code z(k+1) = state(z(k) + h·f(z(k), t_k))} and its reverse, written once for every
 * float block that steps an ODE: {@link OdeBlock}, the fake-quantized twin of QAT and the calibration observer.
 * They differ only in the hooks: how f is evaluated (training, observing its layers), the time {@code t_k} fed to
 * the time channel, and what becomes of each new state (nothing, rounding into a fixed-point type, observation).
 *
 * @param name        the block's name, for error messages
 * @param steps       number of steps, at least 1
 * @param h           step size
 * @param timeChannel whether f's input gets {@code t_k} as an extra last channel
 */
public record EulerLoop(String name, int steps, float h, boolean timeChannel) {
    /** Evaluates f on one input (the state, with the time channel when the block has one); also f's backward. */
    @FunctionalInterface
    public interface Function {
        Tensor apply(Tensor in);
    }

    /** The time {@code t_k} fed to f at step {@code k} (0-based). */
    @FunctionalInterface
    public interface Clock {
        float time(int k);
    }

    /**
     * What becomes of state {@code k} (1..steps) after the exact float update: returned as the state to step on.
     * Backward, the same hook maps the gradient reaching state {@code k} to the gradient of the update.
     */
    @FunctionalInterface
    public interface StateHook {
        Tensor apply(int k, Tensor z);

        /** Keeps every state as it is. */
        static StateHook none() {
            return (k, z) -> z;
        }
    }

    public EulerLoop {
        if (steps < 1) {
            throw new IllegalArgumentException(name + ": steps must be at least 1, got " + steps);
        }
    }

    /** Runs the steps from {@code z0}. */
    public Tensor forward(Tensor z0, Clock clock, Function f, StateHook state) {
        Tensor z = z0;
        for (int k = 0; k < steps; k++) {
            Tensor dz = eval(z, timeChannel ? clock.time(k) : 0f, f); // the clock is asked only when t is fed
            float[] zd = z.data();
            float[] fd = dz.data();
            float[] next = Outputs.take(zd.length);
            for (int i = 0; i < next.length; i++) {
                next[i] = zd[i] + h * fd[i];
            }
            z = state.apply(k + 1, Tensor.wrap(z.shape(), next));
        }
        return z;
    }

    /** f at state {@code z} and time {@code t}, checked to keep the state's shape. */
    public Tensor eval(Tensor z, float t, Function f) {
        Tensor dz = f.apply(timeChannel ? TimeChannel.append(z, t) : z);
        if (!dz.shape().equals(z.shape())) {
            throw new IllegalArgumentException(name + ": f maps state " + z.shape() + " to " + dz.shape()
                    + ", but an ODE state keeps its shape");
        }
        return dz;
    }

    /**
     * The gradient at the initial state from the gradient at the last one, steps undone last to first:
     * {@code g(k) = m + J_f^T (h·m)} with {@code m = state(k+1, g(k+1))}; {@code fBackward} pops f's cache.
     */
    public Tensor backward(Tensor gLast, Function fBackward, StateHook state) {
        Tensor g = gLast;
        // f's backward only reads its output gradient, and the sum below is done with it before the next step, so
        // one array serves every step
        float[] scaled = Outputs.take(g.shape().size());
        for (int k = steps - 1; k >= 0; k--) {
            float[] m = state.apply(k + 1, g).data();
            for (int i = 0; i < m.length; i++) {
                scaled[i] = h * m[i];
            }
            Tensor gin = fBackward.apply(Tensor.wrap(g.shape(), scaled));
            if (timeChannel) {
                gin = TimeChannel.dropLast(gin);
            }
            float[] gi = gin.data();
            float[] sum = Outputs.take(m.length);
            for (int i = 0; i < m.length; i++) {
                sum[i] = m[i] + gi[i];
            }
            g = Tensor.wrap(g.shape(), sum);
        }
        return g;
    }
}
