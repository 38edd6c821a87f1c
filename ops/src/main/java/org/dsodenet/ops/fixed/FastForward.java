package org.dsodenet.ops.fixed;

import java.util.Arrays;
import java.util.List;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.ops.fixed.kernel.ConvKernel;
import org.dsodenet.ops.fixed.kernel.EulerKernel;
import org.dsodenet.ops.fixed.kernel.LayerKernel;
import org.dsodenet.ops.fixed.kernel.LongValues;
import org.dsodenet.ops.fixed.kernel.Scratch;

/**
 * The count-free forward of a network whose every kernel runs on longs, as one whole-network plan: each thread gets
 * one set of buffers, sized once for the largest feature map, and every layer and Euler step writes into them, so a
 * sample allocates only its output. Layers alternate between two buffers; an ODE block's state lives in a third,
 * with room for the time plane behind it, so f reads the state in place and the update writes it in place.
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
        java.util.List<LayerKernel> tops = new java.util.ArrayList<>();
        for (int s = 0; s < stages.size(); s++) {
            if (stages.get(s) instanceof Stage.Ode ode) {
                inside[s] = Handoffs.of(ode.f());
                tops.add(null);
            } else {
                tops.add(((Stage.Single) stages.get(s)).kernel());
            }
        }
        this.singles = Handoffs.of(tops);
        for (int s = 0; s < stages.size(); s++) {
            if (stages.get(s) instanceof Stage.Ode ode && ode.block().timeChannel()) {
                times[s] = new long[ode.block().steps()];
                for (int k = 0; k < times[s].length; k++) {
                    times[s][k] = ode.euler().time(k, new FixedStats()).longValue();
                }
            }
        }
    }

    /** How many kernel-to-kernel handoffs of the plan pass the given real plane (the tests' coverage measure). */
    int handoffs(org.dsodenet.ops.fixed.kernel.RawPlane plane) {
        int n = singles.count(plane);
        for (Handoffs h : inside) {
            n += h == null ? 0 : h.count(plane);
        }
        return n;
    }

    /** Whether the network can take this plan: every stage on longs. */
    static boolean applies(List<Stage> stages) {
        return stages.stream().allMatch(Stage::fast);
    }

    private Workspace workspace() {
        return new Workspace(new long[maxSize], new long[maxSize], new long[maxSize], new Scratch());
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
            } else {
                cur = ode((Stage.Ode) stages.get(s), inside[s], times[s], cur, ws);
            }
        }
        return new LongValues(outType, Arrays.copyOf(cur, outSize));
    }

    /** Runs kernel i of a sequence on the planes of its plan. */
    private static void run(LayerKernel kernel, Handoffs plan, int i, long[] x, long[] y, Scratch scratch) {
        if (plan.longs(i)) {
            kernel.valuesFast(x, y, scratch);
        } else {
            ((ConvKernel) kernel).valuesFast(x, y, plan.in()[i], plan.out()[i], scratch);
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
            long[] v = z;
            List<LayerKernel> f = ode.f();
            for (int i = 0; i < f.size(); i++) {
                long[] next = v == ws.a() ? ws.b() : ws.a();
                run(f.get(i), plan, i, v, next, ws.scratch());
                v = next;
            }
            e.updateFast(z, v, n);
        }
        return z;
    }

    private static long[] other(long[] cur, Workspace ws) {
        return cur == ws.a() ? ws.b() : ws.a();
    }
}
