package org.dsodenet.ops.fixed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.ops.fixed.kernel.ConvKernel;
import org.dsodenet.ops.fixed.kernel.EulerKernel;
import org.dsodenet.ops.fixed.kernel.LayerKernel;
import org.dsodenet.ops.fixed.kernel.LongValues;
import org.dsodenet.ops.fixed.kernel.RawPlane;
import org.dsodenet.ops.fixed.kernel.Scratch;

/**
 * The count-free forward of a network whose every kernel runs on longs, as one whole-network plan: each thread gets
 * one set of buffers, sized once for the largest feature map, and every layer and Euler step writes into them, so a
 * sample allocates only its output. Layers alternate between two buffers; an ODE block's state lives in a third,
 * with room for the time plane behind it, so f reads the state in place and the update writes it in place.
 *
 * <p>Where the types prove every raw an exact integer in floats or doubles, the raws stay there from layer to layer
 * ({@link Handoffs}): convolutions on real taps, ReLU and batch norm in place, and an ODE block's state through entry,
 * f and every update, so only the ends of such a run pay a conversion from or to longs.
 */
final class FastForward {
    private final List<Stage> stages;
    private final FixedType outType;
    private final int outSize;
    private final int maxSize;
    /** Per ODE stage (null for a single kernel), the raw of {@code t_k} in the state type, per step. */
    private final long[][] times;
    /** The planes between consecutive single-kernel stages (an ODE stage's entry stands for no kernel). */
    private final Handoffs singles;
    /** Per ODE stage (null for a single kernel), the planes between the kernels of f. */
    private final Handoffs[] inside;
    /** Per ODE stage (null for a single kernel), the plane its state lives on. */
    private final RawPlane[] states;
    private final ThreadLocal<Workspace> workspaces = ThreadLocal.withInitial(this::workspace);

    /** One thread's buffers. */
    private record Workspace(long[] a, long[] b, long[] z, Scratch scratch) {}

    FastForward(List<Stage> stages, FixedType outType, int outSize) {
        this.stages = stages;
        this.outType = outType;
        this.outSize = outSize;
        this.maxSize = stages.stream().mapToInt(Stage::maxSize).max().orElse(outSize);
        this.times = new long[stages.size()][];
        this.inside = new Handoffs[stages.size()];
        this.states = new RawPlane[stages.size()];
        List<Handoffs.Link> tops = new ArrayList<>();
        for (int s = 0; s < stages.size(); s++) {
            if (stages.get(s) instanceof Stage.Ode ode) {
                states[s] = statePlane(ode);
                List<Handoffs.Link> f = ode.f().stream().map(Handoffs::of).toList();
                inside[s] = Handoffs.plan(f, states[s], states[s]);
                if (states[s] != RawPlane.LONGS && inside[s].in()[0] != states[s]) {
                    throw new IllegalStateException(ode.block().name() + ": f does not read the state's plane");
                }
                tops.add(Handoffs.holding(states[s]));
            } else {
                tops.add(Handoffs.of(((Stage.Single) stages.get(s)).kernel()));
            }
        }
        this.singles = Handoffs.plan(tops, RawPlane.LONGS, RawPlane.LONGS);
        for (int s = 0; s < stages.size(); s++) {
            if (stages.get(s) instanceof Stage.Ode ode && ode.block().timeChannel()) {
                times[s] = new long[ode.block().steps()];
                for (int k = 0; k < times[s].length; k++) {
                    times[s][k] = ode.euler().time(k, new FixedStats()).longValue();
                }
            }
        }
    }

    /**
     * Where an ODE block keeps its state: on the real plane f's first kernel reads, when entry and update are exact
     * there, so the state passes f and the update without a conversion; else on longs.
     */
    private static RawPlane statePlane(Stage.Ode ode) {
        if (ode.f().isEmpty()) {
            return RawPlane.LONGS;
        }
        LayerKernel first = ode.f().get(0);
        RawPlane wants = first instanceof ConvKernel c ? c.inPlane()
                : first.exactOn(RawPlane.FLOATS) ? RawPlane.FLOATS
                : first.exactOn(RawPlane.DOUBLES) ? RawPlane.DOUBLES : RawPlane.LONGS;
        // f's first kernel takes the plane it wants, so f always reads the state where it lives.
        return wants != RawPlane.LONGS && ode.euler().exactOn(wants) ? wants : RawPlane.LONGS;
    }

    /** How many kernel-to-kernel handoffs of the plan pass the given real plane (the tests' coverage measure). */
    int handoffs(RawPlane plane) {
        int n = singles.count(plane);
        for (Handoffs h : inside) {
            n += h == null ? 0 : h.count(plane);
        }
        return n;
    }

    /** How many element-wise kernels (not convolutions) of the plan read the given plane (the tests' coverage). */
    int elementwiseOn(RawPlane plane) {
        int n = 0;
        for (int s = 0; s < stages.size(); s++) {
            List<LayerKernel> ks = stages.get(s) instanceof Stage.Ode ode ? ode.f()
                    : List.of(((Stage.Single) stages.get(s)).kernel());
            Handoffs h = stages.get(s) instanceof Stage.Ode ? inside[s] : null;
            for (int i = 0; i < ks.size(); i++) {
                RawPlane in = h != null ? h.in()[i] : singles.in()[s];
                n += !(ks.get(i) instanceof ConvKernel) && in == plane ? 1 : 0;
            }
        }
        return n;
    }

    /** How many ODE stages of the plan keep their state on the given plane. */
    int statesOn(RawPlane plane) {
        int n = 0;
        for (RawPlane p : states) {
            n += p == plane ? 1 : 0;
        }
        return n;
    }

    /** Whether the network can take this plan: every stage on longs. */
    static boolean applies(List<Stage> stages) {
        return stages.stream().allMatch(Stage::fast);
    }

    private Workspace workspace() {
        Scratch scratch = new Scratch();
        scratch.reserve(maxSize);
        return new Workspace(new long[maxSize], new long[maxSize], new long[maxSize], scratch);
    }

    /** The output raws of one sample (already checked against the input type). */
    LongValues outputs(long[] input) {
        Workspace ws = workspaces.get();
        long[] cur = input;
        for (int s = 0; s < stages.size(); s++) {
            if (stages.get(s) instanceof Stage.Single single) {
                long[] next = other(cur, ws);
                run(single.kernel(), singles, s, cur, next, ws.scratch());
                cur = next;
            } else if (states[s] == RawPlane.LONGS) {
                cur = ode((Stage.Ode) stages.get(s), inside[s], times[s], cur, ws);
            } else {
                cur = odeOn(states[s], (Stage.Ode) stages.get(s), inside[s], times[s], cur, singles.in()[s],
                        singles.out()[s], ws);
            }
        }
        return new LongValues(outType, Arrays.copyOf(cur, outSize));
    }

    /** Runs kernel i of a sequence on the planes of its plan. */
    private static void run(LayerKernel kernel, Handoffs plan, int i, long[] x, long[] y, Scratch scratch) {
        RawPlane in = plan.in()[i];
        RawPlane out = plan.out()[i];
        if (in == RawPlane.LONGS && out == RawPlane.LONGS) {
            kernel.valuesFast(x, y, scratch);
        } else if (kernel instanceof ConvKernel conv) {
            conv.valuesFast(x, y, in, out, scratch);
        } else {
            kernel.valuesOn(x, y, in, out, scratch);
        }
    }

    private long[] ode(Stage.Ode ode, Handoffs plan, long[] t, long[] x, Workspace ws) {
        EulerKernel e = ode.euler();
        int n = ode.dims().size();
        int plane = ode.dims().h() * ode.dims().w();
        long[] z = ws.z();
        e.enterFast(x, z, n);
        for (int k = 0; k < ode.block().steps(); k++) {
            if (t != null) {
                Arrays.fill(z, n, n + plane, t[k]);
            }
            long[] v = runF(ode.f(), plan, z, ws);
            e.updateFast(z, v, n);
        }
        return z;
    }

    /**
     * An ODE block whose state lives on the real plane z: it enters from the plane the stage before hands on (or
     * longs), feeds f and takes f's output on z where f's ends can, and hands the final state on or returns it.
     */
    private long[] odeOn(RawPlane z, Stage.Ode ode, Handoffs plan, long[] t, long[] x, RawPlane in, RawPlane out,
                         Workspace ws) {
        EulerKernel e = ode.euler();
        Scratch scratch = ws.scratch();
        int n = ode.dims().size();
        int plane = ode.dims().h() * ode.dims().w();
        int last = ode.f().size() - 1;
        e.enterOn(z, x, in, n, scratch);
        for (int k = 0; k < ode.block().steps(); k++) {
            e.fInputOn(z, n, plane, t == null ? 0 : t[k], scratch);
            long[] f = runF(ode.f(), plan, ws.z(), ws); // f's first kernel reads the handed plane, not this buffer
            e.updateOn(z, f, plan.out()[last], n, scratch);
        }
        e.exitOn(z, n, out, ws.z(), scratch);
        return ws.z();
    }

    /** f's kernels from v (a long buffer of the workspace) on their plan; returns the long buffer last written. */
    private static long[] runF(List<LayerKernel> f, Handoffs plan, long[] v, Workspace ws) {
        for (int i = 0; i < f.size(); i++) {
            long[] next = v == ws.a() ? ws.b() : ws.a();
            run(f.get(i), plan, i, v, next, ws.scratch());
            v = next;
        }
        return v;
    }

    private static long[] other(long[] cur, Workspace ws) {
        return cur == ws.a() ? ws.b() : ws.a();
    }
}
