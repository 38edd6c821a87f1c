package org.dsodenet.ops.ode;

import java.util.List;
import org.dsodenet.ops.layer.ForwardCache;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.LayerVisitor;
import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/**
 * Fixed-step integration of {@code dz/dt = f(z, t)} from {@code t = 0} over {@code steps} steps of size {@code h},
 * with one set of weights (those of f) reused at every evaluation. Euler: {@code z(k+1) = z(k) + h·f(z(k), t_k)},
 * {@code t_k = k·h}, evaluated in float exactly in that form; RK4 is the classical scheme.
 *
 * <p>Backward differentiates the unrolled steps (discretize-then-optimize). It relies on the cache stack of
 * {@link Layer}: every evaluation of f in a training forward pushes its own state, and backward calls
 * {@code f.backward} in exactly the reverse order of the forward calls, so each pops the state of its own
 * evaluation. This stores one set of activations per evaluation instead of recomputing them, and it keeps batch
 * norm running statistics from being updated twice. Gradients of f's weights add up over all evaluations.
 *
 * <p>With {@code timeChannel}, f receives the state with one extra last channel holding the current time (see
 * {@link TimeChannel}); the gradient with respect to that channel is dropped.
 */
public final class OdeBlock implements Layer {
    @Override public <R> R accept(LayerVisitor<R> v) { return v.ode(this); }

    private final String name;
    private final Layer f;
    private final Solver solver;
    private final int steps;
    private final float h;
    private final boolean timeChannel;
    private final EulerLoop loop;
    private final ForwardCache<Shape> cache;

    public OdeBlock(String name, Layer f, Solver solver, int steps, float h, boolean timeChannel) {
        if (steps < 1) {
            throw new IllegalArgumentException(name + ": steps must be at least 1, got " + steps);
        }
        if (!(h > 0) || Float.isInfinite(h)) {
            throw new IllegalArgumentException(name + ": step size must be positive and finite, got " + h);
        }
        this.name = name;
        this.f = f;
        this.solver = solver;
        this.steps = steps;
        this.h = h;
        this.timeChannel = timeChannel;
        this.loop = new EulerLoop(name, steps, h, timeChannel);
        this.cache = new ForwardCache<>(name);
    }

    /** An Euler block. */
    public OdeBlock(String name, Layer f, int steps, float h, boolean timeChannel) {
        this(name, f, Solver.EULER, steps, h, timeChannel);
    }

    public String name() {
        return name;
    }

    public Layer f() {
        return f;
    }

    public Solver solver() {
        return solver;
    }

    public int steps() {
        return steps;
    }

    public float h() {
        return h;
    }

    public boolean timeChannel() {
        return timeChannel;
    }

    /** Time at the start of step k, {@code k·h} rounded once to float. */
    public float time(int k) {
        return (float) (k * (double) h);
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        x.shape().requireRank4();
        Tensor z;
        if (solver == Solver.EULER) {
            z = loop.forward(x, this::time, in -> f.forward(in, training), EulerLoop.StateHook.none());
        } else {
            z = x;
            for (int k = 0; k < steps; k++) {
                z = rk4Step(z, time(k), training);
            }
        }
        if (training) {
            cache.push(x.shape());
        }
        return z;
    }

    private Tensor eval(Tensor z, float t, boolean training) {
        return loop.eval(z, t, in -> f.forward(in, training));
    }

    private Tensor evalBackward(Tensor g) {
        Tensor gin = f.backward(g);
        return timeChannel ? TimeChannel.dropLast(gin) : gin;
    }

    private Tensor rk4Step(Tensor z, float t, boolean training) {
        float half = h / 2;
        float tMid = (float) (t + (double) half);
        float tEnd = (float) (t + (double) h);
        Tensor k1 = eval(z, t, training);
        Tensor k2 = eval(axpy(z, half, k1), tMid, training);
        Tensor k3 = eval(axpy(z, half, k2), tMid, training);
        Tensor k4 = eval(axpy(z, h, k3), tEnd, training);
        float h6 = h / 6;
        float[] zd = z.data();
        float[] a = k1.data();
        float[] b = k2.data();
        float[] c = k3.data();
        float[] d = k4.data();
        float[] out = Outputs.take(zd.length);
        for (int i = 0; i < out.length; i++) {
            out[i] = zd[i] + h6 * (a[i] + 2f * b[i] + 2f * c[i] + d[i]);
        }
        return Tensor.wrap(z.shape(), out);
    }

    @Override
    public Tensor backward(Tensor gradOut) {
        Shape s = cache.pop();
        gradOut.requireShape(s, name + " output gradient");
        if (solver == Solver.EULER) {
            return loop.backward(gradOut, f::backward, EulerLoop.StateHook.none());
        }
        Tensor g = gradOut;
        for (int k = steps - 1; k >= 0; k--) {
            g = rk4Back(g);
        }
        return g;
    }

    /** Reverse of {@link #rk4Step}: the four evaluations of f are undone last to first. */
    private Tensor rk4Back(Tensor g) {
        float half = h / 2;
        float h6 = h / 6;
        Tensor gz = g;
        Tensor g4 = evalBackward(scale(g, h6));
        gz = axpy(gz, 1f, g4);
        Tensor gk3 = axpy(scale(g, 2f * h6), h, g4);
        Tensor g3 = evalBackward(gk3);
        gz = axpy(gz, 1f, g3);
        Tensor gk2 = axpy(scale(g, 2f * h6), half, g3);
        Tensor g2 = evalBackward(gk2);
        gz = axpy(gz, 1f, g2);
        Tensor gk1 = axpy(scale(g, h6), half, g2);
        Tensor g1 = evalBackward(gk1);
        return axpy(gz, 1f, g1);
    }

    /** {@code z + a·d} as a new tensor. */
    private static Tensor axpy(Tensor z, float a, Tensor d) {
        float[] zd = z.data();
        float[] dd = d.data();
        float[] out = Outputs.take(zd.length);
        for (int i = 0; i < out.length; i++) {
            out[i] = zd[i] + a * dd[i];
        }
        return Tensor.wrap(z.shape(), out);
    }

    private static Tensor scale(Tensor g, float a) {
        float[] gd = g.data();
        float[] out = Outputs.take(gd.length);
        for (int i = 0; i < out.length; i++) {
            out[i] = a * gd[i];
        }
        return Tensor.wrap(g.shape(), out);
    }

    @Override
    public List<Param> params() {
        return f.params();
    }

    @Override
    public void clearCache() {
        cache.clear();
        f.clearCache();
    }
}
