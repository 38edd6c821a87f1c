package org.dsodenet.ops.fixed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.ops.conv.FloatConvBatch;
import org.dsodenet.ops.fixed.kernel.ChannelRanges;
import org.dsodenet.ops.fixed.kernel.ConvKernel;
import org.dsodenet.ops.fixed.kernel.EulerKernel;
import org.dsodenet.ops.fixed.kernel.FloatBatchConv;
import org.dsodenet.ops.fixed.kernel.IntBatchConv;
import org.dsodenet.ops.fixed.kernel.IntConversion;
import org.dsodenet.ops.fixed.kernel.IntEuler;
import org.dsodenet.ops.fixed.kernel.IntGroupBuffers;
import org.dsodenet.ops.fixed.kernel.LayerKernel;
import org.dsodenet.ops.fixed.kernel.LongValues;
import org.dsodenet.ops.fixed.kernel.RawPlane;
import org.dsodenet.ops.fixed.kernel.Scratch;
import org.dsodenet.ops.fixed.kernel.Values;

/**
 * The count-free forward of a group of samples, layer by layer over the whole group, on one thread: every
 * multiply-accumulate layer whose channels are all on float taps runs through the float layer kernels on NCHW
 * planes of the group's raws held as floats ({@link FloatBatchConv}), and ReLU, batch norm and ODE states stay on
 * those planes where their types prove it ({@link LayerKernel#exactOn}, {@link EulerKernel#exactOn}). A layer whose
 * channels are on double taps runs on NCHW planes of int raws ({@link IntBatchConv}) when the group's actual inputs
 * keep its sums within an int (or split sums do), and ReLU and ODE states stay on int planes where their types allow
 * ({@link IntConversion}, {@link IntEuler}). Every other layer runs sample by sample on longs, as
 * {@link LayerKernel#valuesFast} does. The float and int planes hold exact integer raws throughout, so the casts
 * between them and longs are exact.
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
    /** The int form of every other layer whose channels are all on real taps, where it qualifies. */
    private final Map<LayerKernel, IntBatchConv> ints = new IdentityHashMap<>();
    /** ReLU on int planes, where its types allow. */
    private final Map<LayerKernel, IntConversion> intRelus = new IdentityHashMap<>();
    /** Per ODE stage whose f has a layer on ints and whose Euler pieces run on ints (else null): those pieces. */
    private final IntEuler[] intStates;
    /**
     * Each thread's planes, shared by every forward of the same plane sizes: a QAT step builds a new forward of the
     * same network every step, and fresh planes per step and thread (≈ 10 MB at the demo's sizes) showed up as
     * garbage-collection time. A forward that finds the planes last used by another one clears what was keyed by
     * that one's layers; the planes themselves are rewritten before every read. Holds the last forward of each
     * thread alive, no more. Not a ThreadLocal: the common pool's workers, which run outputsBatch's groups, lose
     * those after every task ({@link PerThread}).
     */
    private static final PerThread<Work> WORKS = new PerThread<>();
    /**
     * The tests' check of recorded ranges: when set, every known range of an int plane a step reads is checked
     * against the plane's raws (a scan per read), and one that misses a raw throws. Off, a field read per step.
     */
    static boolean checkRanges;
    /** How many recorded ranges {@link #checkRanges} found holding their plane's raws. */
    static long rangesChecked;

    /** One thread's planes: three float planes for a whole group, and three long planes per sample of it. */
    private static final class Work {
        final int group;
        final int maxSize;
        /** The forward whose layers key {@code geometry} and whose runs the counters count. */
        BatchForward owner;
        final float[] p;
        final float[] q;
        final float[] z;
        final long[][] a;
        final long[][] b;
        final long[][] lz;
        final int[] pi;
        final int[] qi;
        final int[] zi;
        /** The recorded ranges of pi, qi and zi's channels ({@link ChannelRanges}). */
        final ChannelRanges rp = new ChannelRanges();
        final ChannelRanges rq = new ChannelRanges();
        final ChannelRanges rz = new ChannelRanges();
        final Scratch scratch = new Scratch();
        final IntGroupBuffers intBuffers = new IntGroupBuffers();
        /** Layer runs on ints, and runs of int layers whose group was past their limit (the tests' coverage). */
        long intRuns;
        long intFallbacks;
        /** The float kernels' geometry per layer, for the group size they were made for. */
        final Map<LayerKernel, FloatConvBatch> geometry = new IdentityHashMap<>();
        int geometrySize = -1;

        Work(int group, int maxSize) {
            this.group = group;
            this.maxSize = maxSize;
            p = new float[group * maxSize];
            q = new float[group * maxSize];
            z = new float[group * maxSize];
            a = new long[group][maxSize];
            b = new long[group][maxSize];
            lz = new long[group][maxSize];
            pi = new int[group * maxSize];
            qi = new int[group * maxSize];
            zi = new int[group * maxSize];
        }

        /** The recorded range of the int plane v (one of pi, qi, zi). */
        ChannelRanges range(int[] v) {
            return v == pi ? rp : v == qi ? rq : rz;
        }
    }

    /** Where a group's current feature map is: on a float or int plane, or on the long planes of its samples. */
    private static final class Cur {
        float[] floats;
        int[] ints;
        long[][] longs;
        /** Raws per sample. */
        int size;
        /** With ints, their plane's recorded range (maybe unknown). */
        ChannelRanges range;

        void floats(float[] f, int n) {
            set(f, null, null, n, null);
        }

        void ints(int[] v, int n, ChannelRanges r) {
            set(null, v, null, n, r);
        }

        void longs(long[][] l, int n) {
            set(null, null, l, n, null);
        }

        private void set(float[] f, int[] v, long[][] l, int n, ChannelRanges r) {
            floats = f;
            ints = v;
            longs = l;
            size = n;
            range = r;
        }
    }

    BatchForward(List<Stage> stages, FixedType outType, int outSize) {
        this.stages = stages;
        this.outType = outType;
        this.outSize = outSize;
        this.maxSize = stages.stream().mapToInt(Stage::maxSize).max().orElse(outSize);
        this.group = groupFor(maxSize);
        this.times = new long[stages.size()][];
        this.intStates = new IntEuler[stages.size()];
        for (int s = 0; s < stages.size(); s++) {
            List<LayerKernel> ks = stages.get(s) instanceof Stage.Ode ode ? ode.f()
                    : List.of(((Stage.Single) stages.get(s)).kernel());
            for (LayerKernel k : ks) {
                if (k instanceof ConvKernel c) {
                    FloatBatchConv f = FloatBatchConv.of(c);
                    IntBatchConv i = f == null ? IntBatchConv.of(c) : null;
                    if (f != null) {
                        batched.put(k, f);
                    } else if (i != null) {
                        ints.put(k, i);
                        if (stages.get(s) instanceof Stage.Ode ode) {
                            intStates[s] = ode.euler().ints();
                        }
                    }
                }
                IntConversion relu = IntConversion.of(k);
                if (relu != null) {
                    intRelus.put(k, relu);
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

    /** How many layers of the plan run on ints when their group's inputs allow (the tests' coverage measure). */
    int intLayers() {
        return ints.size();
    }

    /** How many ODE blocks keep their state on an int plane (the tests' coverage measure). */
    int intStates() {
        int n = 0;
        for (IntEuler e : intStates) {
            n += e != null ? 1 : 0;
        }
        return n;
    }

    /** This thread's count of layer runs on ints ({@code fallbacks}: past their limit, on the exact path instead). */
    long intRuns(boolean fallbacks) {
        Work w = work();
        return fallbacks ? w.intFallbacks : w.intRuns;
    }

    /** This thread's count of chunks of output channels that ran on split int sums. */
    long splitRuns() {
        return work().intBuffers.splits();
    }

    /** This thread's count of chunks of output channels that ran on split partial int sums. */
    long partialRuns() {
        return work().intBuffers.partials();
    }

    /** This thread's count of chunks of pointwise int layers that read their taps from the input plane itself. */
    long directRuns() {
        return work().intBuffers.directs();
    }

    /** This thread's count of chunks of int layers laid out in a flat layout (stride 1, the map's size kept). */
    long flatRuns() {
        return work().intBuffers.flats();
    }

    /** This thread's count of chunks of depthwise int layers laid out in a stacked layout (one row per channel). */
    long stackedRuns() {
        return work().intBuffers.stacked();
    }

    /** This thread's count of int layer runs their input's recorded range decided, with no scan. */
    long recordedRuns() {
        return work().intBuffers.recorded();
    }

    /** The calling thread's planes (the tests' check that a thread keeps them from call to call). */
    Object planes() {
        return work();
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
                    on += batched.containsKey(k) || ints.containsKey(k) ? c.macs() : 0;
                }
            }
        }
        return all == 0 ? 0 : (double) on / all;
    }

    /** Samples per group for feature maps of up to maxSize raws: {@link #GROUP}, fewer where planes would be huge. */
    static int groupFor(int maxSize) {
        return Math.max(1, Math.min(GROUP, PLANE_LIMIT / Math.max(1, maxSize)));
    }

    /** This thread's planes, made for this forward's sizes and taken over from the last forward that used them. */
    private Work work() {
        Work w = WORKS.get();
        if (w == null || w.group != group || w.maxSize != maxSize) {
            w = new Work(group, maxSize);
            WORKS.set(w);
        }
        if (w.owner != this) {
            w.owner = this;
            w.scratch.forgetLayers();
            w.geometry.clear();
            w.geometrySize = -1;
            w.intRuns = 0;
            w.intFallbacks = 0;
            w.intBuffers.resetCounts();
        }
        return w;
    }

    /** The output raws of every sample (each already checked against the input type), group by group. */
    List<Values> outputs(List<long[]> inputs) {
        Work w = work();
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
                if (intStates[s] != null) {
                    odeOnInts(ode, intStates[s], times[s], cur, n, w);
                } else if (ode.euler().exactOn(RawPlane.FLOATS)) {
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
        if (checkRanges) {
            check(cur.ints, cur.range, n, cur.size);
        }
        FloatBatchConv fb = batched.get(k);
        int outRaws = k.outDims().size();
        if (fb != null) {
            float[] x = floats(cur, n, w);
            float[] y = x == w.p ? w.q : w.p;
            FloatConvBatch geo = w.geometry.computeIfAbsent(k, key -> fb.geometry(n));
            if (fb.handsOnFloats()) {
                fb.rawsOnFloats(geo, x, y, n, w.scratch);
                cur.floats(y, outRaws);
            } else {
                fb.sums(geo, x, y);
                long[][] ys = w.a;
                fb.outputs(y, n, ys, w.scratch);
                cur.longs(ys, outRaws);
            }
            return;
        }
        IntBatchConv ib = ints.get(k);
        if (ib != null) {
            ChannelRanges in = cur.ints != null ? cur.range : null; // a plane cast from floats or longs has none
            int[] x = ints(cur, n, w);
            int[] y = x == w.pi ? w.qi : w.pi;
            ChannelRanges out = w.range(y);
            if (ib.run(x, n, y, w.intBuffers, in, out)) {
                w.intRuns++;
                cur.ints(y, outRaws, out);
                return;
            }
            w.intFallbacks++;
        }
        IntConversion relu = cur.ints != null ? intRelus.get(k) : null;
        if (relu != null) {
            int[] v = cur.ints;
            ChannelRanges r = cur.range;
            if (v == w.zi) { // an ODE state is never changed by f
                v = w.pi;
                System.arraycopy(w.zi, 0, v, 0, n * cur.size);
                w.rp.copyFrom(r);
                r = w.rp;
            }
            relu.inPlace(v, n * cur.size, r);
            cur.ints(v, outRaws, r);
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

    /** Throws when the known range r of the int plane v (n samples of size raws) misses a raw. */
    private static void check(int[] v, ChannelRanges r, int n, int size) {
        if (v == null || r == null) {
            return;
        }
        int channels = r.channelsKnown();
        if (channels <= 0) {
            return;
        }
        int plane = size / channels;
        for (int i = 0; i < n * size; i++) {
            int ch = i % size / plane;
            if (v[i] < r.lo(ch) || v[i] > r.hi(ch)) {
                throw new IllegalStateException("raw " + v[i] + " of channel " + ch + " outside its recorded range ["
                        + r.lo(ch) + ", " + r.hi(ch) + "]");
            }
        }
        rangesChecked++;
    }

    /** The group's map as a float plane (cast into a plane that is not the ODE state). */
    private static float[] floats(Cur cur, int n, Work w) {
        if (cur.floats != null) {
            return cur.floats;
        }
        float[] f = w.p;
        int m = cur.size;
        if (cur.ints != null) {
            for (int j = 0; j < n * m; j++) {
                f[j] = cur.ints[j];
            }
            return f;
        }
        for (int i = 0; i < n; i++) {
            long[] x = cur.longs[i];
            for (int j = 0; j < m; j++) {
                f[i * m + j] = x[j];
            }
        }
        return f;
    }

    /** The group's map as an int plane (cast into a plane that is not the ODE state; raws planned to fit). */
    private static int[] ints(Cur cur, int n, Work w) {
        if (cur.ints != null) {
            return cur.ints;
        }
        intsInto(cur, n, w.pi);
        return w.pi;
    }

    private static void intsInto(Cur cur, int n, int[] v) {
        int m = cur.size;
        if (cur.ints != null) {
            System.arraycopy(cur.ints, 0, v, 0, n * m);
        } else if (cur.floats != null) {
            for (int j = 0; j < n * m; j++) {
                v[j] = (int) cur.floats[j];
            }
        } else {
            for (int i = 0; i < n; i++) {
                long[] x = cur.longs[i];
                for (int j = 0; j < m; j++) {
                    v[i * m + j] = (int) x[j];
                }
            }
        }
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
            if (cur.ints != null) {
                for (int j = 0; j < m; j++) {
                    y[j] = cur.ints[i * m + j];
                }
            } else {
                for (int j = 0; j < m; j++) {
                    y[j] = (long) cur.floats[i * m + j];
                }
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
            System.arraycopy(floats(cur, n, w), 0, z, 0, n * size);
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

    /** An ODE block whose state lives on the int plane zi: entry, then per step f's input, f and the update. */
    private void odeOnInts(Stage.Ode ode, IntEuler e, long[] t, Cur cur, int n, Work w) {
        int size = ode.dims().size();
        int plane = ode.dims().h() * ode.dims().w();
        int m = t != null ? size + plane : size;
        int[] z = w.zi;
        w.rz.copyFrom(cur.ints != null ? cur.range : null);
        intsInto(cur, n, z);
        e.enter(z, n * size, w.rz);
        for (int k = 0; k < ode.block().steps(); k++) {
            if (t != null) {
                int tk = (int) t[k]; // a state raw: the state fits an int
                for (int i = n - 1; i >= 0; i--) {
                    System.arraycopy(z, i * size, w.pi, i * m, size);
                    Arrays.fill(w.pi, i * m + size, (i + 1) * m, tk);
                }
                w.rp.copyFrom(w.rz);
                w.rp.appendConstant(tk);
                cur.ints(w.pi, m, w.rp);
            } else {
                cur.ints(z, size, w.rz);
            }
            for (LayerKernel kernel : ode.f()) {
                step(kernel, cur, n, w);
            }
            ChannelRanges f = cur.ints != null ? cur.range : null;
            e.update(z, ints(cur, n, w), n * size, w.rz, f);
            if (checkRanges) {
                check(z, w.rz, n, size);
            }
        }
        cur.ints(z, size, w.rz);
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
