package org.dsodenet.ops.fixed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.ops.conv.FloatConvBatch;
import org.dsodenet.ops.fixed.kernel.ConvKernel;
import org.dsodenet.ops.fixed.kernel.EulerKernel;
import org.dsodenet.ops.fixed.kernel.FloatBatchConv;
import org.dsodenet.ops.fixed.kernel.LayerKernel;
import org.dsodenet.ops.fixed.kernel.LongValues;
import org.dsodenet.ops.fixed.kernel.RawPlane;
import org.dsodenet.ops.fixed.kernel.Scratch;
import org.dsodenet.ops.fixed.kernel.Values;

/**
 * The count-free forward of a group of samples, layer by layer over the whole group, on one thread: every
 * multiply-accumulate layer whose channels are all on float taps runs through the float layer kernels on NCHW
 * planes of the group's raws held as floats ({@link FloatBatchConv}), and ReLU, batch norm and ODE states stay on
 * those planes where their types prove it ({@link LayerKernel#exactOn}, {@link EulerKernel#exactOn}). Every other
 * layer runs sample by sample on longs, as {@link LayerKernel#valuesFast} does. The float planes hold exact integer
 * raws throughout, so the casts between them and longs are exact.
 *
 * <p>Each thread's planes are allocated once, for a group of samples of the largest feature map ({@link #groupFor}),
 * and reused.
 */
final class BatchForward {
    /** Samples per group at most: the float kernels' rows grow with it, the planes with it too. */
    static final int GROUP = 32;
    /** Raws one plane of a group holds at most, so a thread's planes stay near 150 MB for any feature map. */
    static final int PLANE_LIMIT = 1 << 22;
    private final List<Stage> stages;
    private final int outSize;
    private final FixedType outType;
    private final int maxSize;
    /** Samples per group for this network's largest feature map. */
    private final int group;
    /** Per ODE stage with a time channel (else null), the raw of {@code t_k} in the state type, per step. */
    private final long[][] times;
    /** The batch form of every layer on float taps that a float kernel takes. */
    private final Map<LayerKernel, FloatBatchConv> batched = new IdentityHashMap<>();
    private final ThreadLocal<Work> works = ThreadLocal.withInitial(this::work);

    /** One thread's planes: three float planes for a whole group, and three long planes per sample of it. */
    private static final class Work {
        final float[] p;
        final float[] q;
        final float[] z;
        final long[][] a;
        final long[][] b;
        final long[][] lz;
        final Scratch scratch = new Scratch();
        /** The float kernels' geometry per layer, for the group size they were made for. */
        final Map<LayerKernel, FloatConvBatch> geometry = new IdentityHashMap<>();
        int geometrySize = -1;

        Work(int group, int maxSize) {
            p = new float[group * maxSize];
            q = new float[group * maxSize];
            z = new float[group * maxSize];
            a = new long[group][maxSize];
            b = new long[group][maxSize];
            lz = new long[group][maxSize];
        }
    }

    /** Where a group's current feature map is: on a float plane, or on the long planes of its samples. */
    private static final class Cur {
        float[] floats;
        long[][] longs;
        /** Raws per sample. */
        int size;

        void floats(float[] f, int n) {
            floats = f;
            longs = null;
            size = n;
        }

        void longs(long[][] l, int n) {
            floats = null;
            longs = l;
            size = n;
        }
    }

    BatchForward(List<Stage> stages, FixedType outType, int outSize) {
        this.stages = stages;
        this.outType = outType;
        this.outSize = outSize;
        this.maxSize = stages.stream().mapToInt(Stage::maxSize).max().orElse(outSize);
        this.group = groupFor(maxSize);
        this.times = new long[stages.size()][];
        for (int s = 0; s < stages.size(); s++) {
            List<LayerKernel> ks = stages.get(s) instanceof Stage.Ode ode ? ode.f()
                    : List.of(((Stage.Single) stages.get(s)).kernel());
            for (LayerKernel k : ks) {
                if (k instanceof ConvKernel c) {
                    FloatBatchConv f = FloatBatchConv.of(c);
                    if (f != null) {
                        batched.put(k, f);
                    }
                }
            }
            if (stages.get(s) instanceof Stage.Ode ode && ode.block().timeChannel()) {
                times[s] = new long[ode.block().steps()];
                for (int k = 0; k < times[s].length; k++) {
                    times[s][k] = ode.euler().time(k, new FixedStats()).longValue();
                }
            }
        }
    }

    /**
     * How many layers of the plan run through the float kernels and leave their outputs on floats
     * ({@code onFloats}) or on longs (the tests' coverage measure).
     */
    int batchedLayers(boolean onFloats) {
        int n = 0;
        for (FloatBatchConv f : batched.values()) {
            n += f.handsOnFloats() == onFloats ? 1 : 0;
        }
        return n;
    }

    /** How many ODE blocks keep their state on a float plane (the tests' coverage measure). */
    int floatStates() {
        int n = 0;
        for (Stage s : stages) {
            n += s instanceof Stage.Ode ode && ode.euler().exactOn(RawPlane.FLOATS) ? 1 : 0;
        }
        return n;
    }

    /** The share of the network's multiply-accumulates (ODE functions once) on layers that run batched. */
    double batchedShare() {
        long all = 0;
        long on = 0;
        for (Stage s : stages) {
            List<LayerKernel> ks = s instanceof Stage.Ode ode ? ode.f() : List.of(((Stage.Single) s).kernel());
            for (LayerKernel k : ks) {
                if (k instanceof ConvKernel c) {
                    all += c.macs();
                    on += batched.containsKey(k) ? c.macs() : 0;
                }
            }
        }
        return all == 0 ? 0 : (double) on / all;
    }

    /** Samples per group for feature maps of up to maxSize raws: {@link #GROUP}, fewer where planes would be huge. */
    static int groupFor(int maxSize) {
        return Math.max(1, Math.min(GROUP, PLANE_LIMIT / Math.max(1, maxSize)));
    }

    private Work work() {
        return new Work(group, maxSize);
    }

    /** The output raws of every sample (each already checked against the input type), group by group. */
    List<Values> outputs(List<long[]> inputs) {
        Work w = works.get();
        List<Values> out = new ArrayList<>(inputs.size());
        for (int g0 = 0; g0 < inputs.size(); g0 += group) {
            int n = Math.min(group, inputs.size() - g0);
            out.addAll(group(inputs.subList(g0, g0 + n), w));
        }
        return out;
    }

    private List<Values> group(List<long[]> inputs, Work w) {
        int n = inputs.size();
        if (w.geometrySize != n) {
            w.geometry.clear();
            w.geometrySize = n;
        }
        Cur cur = new Cur();
        int inSize = inputs.get(0).length;
        for (int i = 0; i < n; i++) {
            System.arraycopy(inputs.get(i), 0, w.a[i], 0, inSize);
        }
        cur.longs(w.a, inSize);
        for (int s = 0; s < stages.size(); s++) {
            if (stages.get(s) instanceof Stage.Single single) {
                step(single.kernel(), cur, n, w);
            } else {
                Stage.Ode ode = (Stage.Ode) stages.get(s);
                if (ode.euler().exactOn(RawPlane.FLOATS)) {
                    odeOnFloats(ode, times[s], cur, n, w);
                } else {
                    odeOnLongs(ode, times[s], cur, n, w);
                }
            }
        }
        long[][] ys = longs(cur, n, w);
        List<Values> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new LongValues(outType, Arrays.copyOf(ys[i], outSize)));
        }
        return out;
    }

    /** One kernel over the group: through the float kernels, in place on floats, or sample by sample on longs. */
    private void step(LayerKernel k, Cur cur, int n, Work w) {
        FloatBatchConv fb = batched.get(k);
        int outRaws = k.outDims().size();
        if (fb != null) {
            float[] x = floats(cur, n, w);
            float[] y = x == w.p ? w.q : w.p;
            FloatConvBatch geo = w.geometry.computeIfAbsent(k, key -> fb.geometry(n));
            fb.sums(geo, x, y);
            if (fb.handsOnFloats()) {
                fb.outputs(y, n, null, w.scratch);
                cur.floats(y, outRaws);
            } else {
                long[][] ys = w.a;
                fb.outputs(y, n, ys, w.scratch);
                cur.longs(ys, outRaws);
            }
            return;
        }
        if (!(k instanceof ConvKernel) && cur.floats != null && k.exactOn(RawPlane.FLOATS)) {
            float[] v = cur.floats;
            if (v == w.z) { // an ODE state is never changed by f
                v = w.p;
                System.arraycopy(w.z, 0, v, 0, n * cur.size);
            }
            k.floatsInPlace(v, n);
            cur.floats(v, outRaws);
            return;
        }
        long[][] xs = longs(cur, n, w);
        long[][] ys = xs == w.a ? w.b : w.a;
        for (int i = 0; i < n; i++) {
            k.valuesFast(xs[i], ys[i], w.scratch);
        }
        cur.longs(ys, outRaws);
    }

    /** The group's map as a float plane (cast from longs into a plane that is not the ODE state). */
    private static float[] floats(Cur cur, int n, Work w) {
        if (cur.floats != null) {
            return cur.floats;
        }
        float[] f = w.p;
        int m = cur.size;
        for (int i = 0; i < n; i++) {
            long[] x = cur.longs[i];
            for (int j = 0; j < m; j++) {
                f[i * m + j] = x[j];
            }
        }
        return f;
    }

    /**
     * The group's map on long planes: as they are, or cast from floats into the planes {@code a} (which then hold
     * nothing else: only an ODE state, on {@code lz} or {@code z}, outlives a step).
     */
    private static long[][] longs(Cur cur, int n, Work w) {
        if (cur.longs != null) {
            return cur.longs;
        }
        long[][] l = w.a;
        int m = cur.size;
        for (int i = 0; i < n; i++) {
            long[] y = l[i];
            for (int j = 0; j < m; j++) {
                y[j] = (long) cur.floats[i * m + j];
            }
        }
        return l;
    }

    /** An ODE block whose state lives on the float plane z: entry, then per step f's input, f and the update. */
    private void odeOnFloats(Stage.Ode ode, long[] t, Cur cur, int n, Work w) {
        EulerKernel e = ode.euler();
        int size = ode.dims().size();
        int plane = ode.dims().h() * ode.dims().w();
        int m = t != null ? size + plane : size;
        float[] z = w.z;
        if (cur.floats != null) {
            System.arraycopy(cur.floats, 0, z, 0, n * size);
        } else {
            for (int i = 0; i < n; i++) {
                long[] x = cur.longs[i];
                for (int j = 0; j < size; j++) {
                    z[i * size + j] = x[j];
                }
            }
        }
        e.enterFloats(z, n * size);
        for (int k = 0; k < ode.block().steps(); k++) {
            if (t != null) {
                float tk = t[k];
                for (int i = n - 1; i >= 0; i--) {
                    System.arraycopy(z, i * size, w.p, i * m, size);
                    Arrays.fill(w.p, i * m + size, (i + 1) * m, tk);
                }
                cur.floats(w.p, m);
            } else {
                cur.floats(z, size);
            }
            for (LayerKernel kernel : ode.f()) {
                step(kernel, cur, n, w);
            }
            float[] f = cur.floats != null ? cur.floats : floats(cur, n, w);
            e.updateFloats(z, f, n * size);
        }
        cur.floats(z, size);
    }

    /** An ODE block whose state lives on long planes, sample by sample as {@link FastForward} runs it. */
    private void odeOnLongs(Stage.Ode ode, long[] t, Cur cur, int n, Work w) {
        EulerKernel e = ode.euler();
        int size = ode.dims().size();
        int plane = ode.dims().h() * ode.dims().w();
        long[][] z = w.lz;
        long[][] x = longs(cur, n, w);
        for (int i = 0; i < n; i++) {
            e.enterFast(x[i], z[i], size);
        }
        for (int k = 0; k < ode.block().steps(); k++) {
            for (int i = 0; t != null && i < n; i++) {
                Arrays.fill(z[i], size, size + plane, t[k]);
            }
            cur.longs(z, t != null ? size + plane : size);
            for (LayerKernel kernel : ode.f()) {
                step(kernel, cur, n, w);
            }
            long[][] f = longs(cur, n, w);
            for (int i = 0; i < n; i++) {
                e.updateFast(z[i], f[i], size);
            }
        }
        cur.longs(z, size);
    }
}
