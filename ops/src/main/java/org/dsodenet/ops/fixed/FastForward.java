package org.dsodenet.ops.fixed;

import java.util.Arrays;
import java.util.List;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
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
    private final ThreadLocal<Workspace> workspaces = ThreadLocal.withInitial(this::workspace);

    /** One thread's buffers. */
    private record Workspace(long[] a, long[] b, long[] z, Scratch scratch) {}

    FastForward(List<Stage> stages, FixedType outType, int outSize) {
        this.stages = stages;
        this.outType = outType;
        this.outSize = outSize;
        this.maxSize = stages.stream().mapToInt(Stage::maxSize).max().orElse(outSize);
        this.times = new long[stages.size()][];
        for (int s = 0; s < stages.size(); s++) {
            if (stages.get(s) instanceof Stage.Ode ode && ode.block().timeChannel()) {
                times[s] = new long[ode.block().steps()];
                for (int k = 0; k < times[s].length; k++) {
                    times[s][k] = ode.euler().time(k, new FixedStats()).longValue();
                }
            }
        }
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
                single.kernel().valuesFast(cur, next, ws.scratch());
                cur = next;
            } else {
                cur = ode((Stage.Ode) stages.get(s), times[s], cur, ws);
            }
        }
        return new LongValues(outType, Arrays.copyOf(cur, outSize));
    }

    private long[] ode(Stage.Ode ode, long[] t, long[] x, Workspace ws) {
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
            for (LayerKernel kernel : ode.f()) {
                long[] next = v == ws.a() ? ws.b() : ws.a();
                kernel.valuesFast(v, next, ws.scratch());
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
