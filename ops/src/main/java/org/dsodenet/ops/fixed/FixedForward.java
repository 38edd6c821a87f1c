package org.dsodenet.ops.fixed;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.WideFx;
import org.dsodenet.fixedpoint.tensor.FixedTensor;
import org.dsodenet.ops.fixed.kernel.EulerKernel;
import org.dsodenet.ops.fixed.kernel.LayerKernel;
import org.dsodenet.ops.fixed.kernel.LongValues;
import org.dsodenet.ops.fixed.kernel.Values;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QOdeBlock;
import org.dsodenet.ops.parallel.Parallel;
import org.dsodenet.ops.parallel.Parts;

/**
 * The bit-exact fixed-point forward of a {@link QNetwork}: the same bits as the generated HLS C++, with conversion
 * counts per layer and per Euler step.
 *
 * <p>The network is planned once (constants aligned, casters built, and per layer the {@code long} path or the exact
 * {@code BigInteger} path chosen from the types' widths); a planned forward is immutable and may run samples on any
 * number of threads. {@link #runBatch} runs samples in parallel; results do not depend on the schedule.
 */
public final class FixedForward {
    private final QNetwork network;
    private final boolean recordOdeInternals;
    private final List<Stage> stages;
    /** The whole-network plan of the count-free forward; null when some layer needs the BigInteger path. */
    private final FastForward fast;
    /** The group forward of the count-free path on one thread; null when {@code fast} is. */
    private final BatchForward batch;
    /** Whether outputsBatch takes the group forward (see {@link #batched()}). */
    private final boolean batched;

    /** Plans the network; ODE functions' values are not recorded (their counts are). */
    public FixedForward(QNetwork network) {
        this(network, false);
    }

    /**
     * Plans the network.
     *
     * @param recordOdeInternals keep the output values of every layer of every ODE function at every step
     */
    public FixedForward(QNetwork network, boolean recordOdeInternals) {
        this.network = network;
        this.recordOdeInternals = recordOdeInternals;
        this.stages = plan(network.layers(), network.input(), network.inputType());
        this.fast = network.inputType().isFast() && FastForward.applies(stages)
                ? new FastForward(stages, network.layers().get(network.layers().size() - 1).outputType(),
                        network.outputDims().size()) : null;
        this.batch = fast == null ? null : new BatchForward(stages,
                network.layers().get(network.layers().size() - 1).outputType(), network.outputDims().size());
        this.batched = batch != null && batch.batchedShare() >= 0.5;
    }

    private static List<Stage> plan(List<QLayer> layers, Dims in, FixedType inType) {
        List<Stage> out = new ArrayList<>();
        Dims d = in;
        FixedType t = inType;
        for (QLayer layer : layers) {
            if (layer instanceof QOdeBlock b) {
                Dims fd = b.timeChannel() ? new Dims(d.c() + 1, d.h(), d.w()) : d;
                List<LayerKernel> f = new ArrayList<>();
                FixedType ft = b.stateType();
                for (QLayer l : b.f()) {
                    if (l instanceof QOdeBlock) {
                        throw new IllegalArgumentException(b.name() + ": nested ODE blocks are not supported");
                    }
                    LayerKernel k = LayerKernel.plan(l, fd, ft);
                    f.add(k);
                    fd = k.outDims();
                    ft = k.outType();
                }
                out.add(new Stage.Ode(b, d, new EulerKernel(b, t, ft), List.copyOf(f)));
            } else {
                out.add(new Stage.Single(LayerKernel.plan(layer, d, t)));
            }
            d = layer.outputDims(d);
            t = layer.outputType();
        }
        return List.copyOf(out);
    }

    /** How many layers of the count-free forward hand their outputs on in the given real plane (0 off that path). */
    int handoffs(org.dsodenet.ops.fixed.kernel.RawPlane plane) {
        return fast == null ? 0 : fast.handoffs(plane);
    }

    /** How many element-wise layers of the count-free forward read the given plane (0 off that path). */
    int elementwiseOn(org.dsodenet.ops.fixed.kernel.RawPlane plane) {
        return fast == null ? 0 : fast.elementwiseOn(plane);
    }

    /** How many ODE blocks of the count-free forward keep their state on the given plane (0 off that path). */
    int statesOn(org.dsodenet.ops.fixed.kernel.RawPlane plane) {
        return fast == null ? 0 : fast.statesOn(plane);
    }

    public QNetwork network() {
        return network;
    }

    /** Names of the layers (ODE function layers included) that take the exact BigInteger path. */
    public List<String> wideLayers() {
        List<String> out = new ArrayList<>();
        for (Stage s : stages) {
            if (s instanceof Stage.Single single && !single.kernel().fast()) {
                out.add(single.kernel().layer().name());
            } else if (s instanceof Stage.Ode ode) {
                if (!ode.euler().fast()) {
                    out.add(ode.block().name());
                }
                for (LayerKernel k : ode.f()) {
                    if (!k.fast()) {
                        out.add(k.layer().name());
                    }
                }
            }
        }
        return out;
    }

    /** Runs one sample given as raws of the network's input type (CHW order, W ≤ 64). */
    public Trace run(long[] input) {
        return forward(checked(input));
    }

    /**
     * The network's output for one sample given as raws of its input type, without conversion counts: the same raws
     * as {@code run(input).output()}, at less cost (for QAT steps and accuracy evaluation, which discard the counts).
     */
    public Values outputs(long[] input) {
        Values x = checked(input);
        return fast != null ? fast.outputs(input) : values(x);
    }

    /**
     * Samples a part holds at least, where the batch allows, when {@link #outputsBatch} runs on several threads: a
     * group's int layers pay per call for layouts, range decisions and rows as long as the group's maps, so the fx16
     * student cost ≈ 7 % more thread CPU per image in groups of 5 than of 8 or more (groups of 2: ≈ 20 %).
     */
    private static final int LEAST = 8;

    /**
     * {@link #outputs} of samples, the i-th result for the i-th input. Where most of the work is on float taps, in
     * groups, layer by layer through the float kernels ({@link BatchForward}): with one kernel thread
     * ({@link Parallel#threads()}) the samples as one group on the caller's thread, with more in parts of at least
     * {@value #LEAST} samples (where the batch has that many per thread) spread over the kernel threads, every kernel
     * inside a part on its thread alone (the threads meet once per call instead of once per layer). Elsewhere sample
     * by sample: on the caller's thread, or on the kernel threads, each reusing one set of buffers for all its samples.
     */
    public List<Values> outputsBatch(List<long[]> inputs) {
        if (Parallel.threads() == 1) {
            if (batched()) {
                for (long[] x : inputs) {
                    checked(x);
                }
                return List.copyOf(batch.outputs(inputs));
            }
            return inputs.stream().map(this::outputs).toList();
        }
        if (batched() && inputs.size() > 1) {
            for (long[] x : inputs) {
                checked(x);
            }
            // parts come in whole rounds of threads (a last part alone would leave a thread idle); more than one per
            // thread keeps the threads balanced when one of them is held up, but only while each part still holds
            // LEAST samples: at 20 images on two threads, two parts of 10 ran 5-10 % faster (wall) than four of 5
            Parts parts = Parts.atLeast(inputs.size(), Parallel.threads(), LEAST);
            // A part held up on a preempted thread may run again on the caller; the first result stored wins, and a
            // late run (which may even read inputs the caller has reused by then) finds its slot taken. The atomic
            // array also publishes each part's lists to the caller.
            AtomicReferenceArray<List<Values>> outs = new AtomicReferenceArray<>(parts.count());
            // The slower of two runs of a part gives up at its next layer once the other has stored its lists.
            Parallel.forEachIdempotent(parts.count(), (p, finished) -> {
                List<Values> part = batch.outputs(inputs.subList(parts.from(p), parts.to(p)), finished);
                if (part != null) {
                    outs.compareAndSet(p, null, part);
                }
            });
            List<Values> all = new ArrayList<>(inputs.size());
            for (int p = 0; p < parts.count(); p++) {
                all.addAll(outs.get(p));
            }
            return Collections.unmodifiableList(all); // as the other paths return theirs
        }
        Values[] out = new Values[inputs.size()];
        Parallel.forEach(out.length, i -> out[i] = outputs(inputs.get(i)));
        return List.of(out);
    }

    /**
     * Whether {@link #outputsBatch} on one thread runs the group forward ({@link BatchForward}): when at least half
     * of the multiply-accumulates are on layers the float kernels take, since the group forward runs every other
     * layer on longs, without the real-plane hand-offs of the one-sample forward.
     */
    boolean batched() {
        return batched;
    }

    /** {@link #outputsBatch} through the group forward whatever the share (the tests' entry; checked inputs). */
    List<Values> outputsGrouped(List<long[]> inputs) {
        for (long[] x : inputs) {
            checked(x);
        }
        return batch.outputs(inputs);
    }

    /** The same, giving up (null) at the first layer that finds {@code finished} true (the tests' entry). */
    List<Values> outputsGrouped(List<long[]> inputs, BooleanSupplier finished) {
        for (long[] x : inputs) {
            checked(x);
        }
        return batch.outputs(inputs, finished);
    }

    /** Whether the count-free path, and with it the group forward, applies. */
    boolean grouped() {
        return batch != null;
    }

    /** How many layers the group forward runs through the float kernels, outputs on floats or on longs. */
    int batchedLayers(boolean onFloats) {
        return batch == null ? 0 : batch.batchedLayers(onFloats);
    }

    /** How many layers the group forward runs on ints when a group's inputs allow. */
    int intLayers() {
        return batch == null ? 0 : batch.intLayers();
    }

    /** How many ODE blocks the group forward runs with their state on ints. */
    int intStates() {
        return batch == null ? 0 : batch.intStates();
    }

    /** This thread's count of the group forward's layer runs on ints, or ({@code fallbacks}) of those past the limit. */
    long intRuns(boolean fallbacks) {
        return batch == null ? 0 : batch.intRuns(fallbacks);
    }

    /** This thread's count of the group forward's chunks of output channels on split int sums. */
    long splitRuns() {
        return batch == null ? 0 : batch.splitRuns();
    }

    /** This thread's count of the group forward's chunks of output channels on split partial sums. */
    long partialRuns() {
        return batch == null ? 0 : batch.partialRuns();
    }

    /** This thread's count of the group forward's chunks of pointwise layers read from the input plane itself. */
    long directRuns() {
        return batch == null ? 0 : batch.directRuns();
    }

    /** This thread's count of the group forward's chunks of int layers in a flat layout. */
    long flatRuns() {
        return batch == null ? 0 : batch.flatRuns();
    }

    /** This thread's count of the group forward's chunks of depthwise int layers in a stacked layout. */
    long stackedRuns() {
        return batch == null ? 0 : batch.stackedRuns();
    }

    /** This thread's count of the group forward's int layer runs decided by their input's recorded range (no scan). */
    long recordedRuns() {
        return batch == null ? 0 : batch.recordedRuns();
    }

    /** The calling thread's planes of the group forward, or null off that path (the tests' identity check). */
    Object groupPlanes() {
        return batch == null ? null : batch.planes();
    }

    /** How many ODE blocks the group forward runs with their state on floats. */
    int floatStates() {
        return batch == null ? 0 : batch.floatStates();
    }

    private Values checked(long[] input) {
        FixedType t = network.inputType();
        if (!t.isFast()) {
            throw new IllegalArgumentException("input type " + t + " is wider than 64 bits: pass BigInteger raws");
        }
        checkLength(input == null ? -1 : input.length);
        if (t.width() < 64) {
            for (int i = 0; i < input.length; i++) {
                if (input[i] < t.minRaw() || input[i] > t.maxRaw()) {
                    throw new IllegalArgumentException("input raw [" + i + "] = " + input[i] + " is out of range of " + t);
                }
            }
        }
        return new LongValues(t, input);
    }

    /** Runs one sample given as numeric raws of the network's input type (any width). */
    public Trace run(BigInteger[] input) {
        checkLength(input == null ? -1 : input.length);
        FixedType t = network.inputType();
        for (int i = 0; i < input.length; i++) {
            if (input[i] == null) {
                throw new IllegalArgumentException("input raw [" + i + "] is null");
            }
            try {
                WideFx.requireInRange(input[i], t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("input raw [" + i + "]: " + e.getMessage());
            }
        }
        return forward(Values.of(t, input.clone()));
    }

    /** Runs one sample given as a tensor of the network's input type and shape (c, h, w). */
    public Trace run(FixedTensor input) {
        Dims d = network.input();
        if (!input.type().equals(network.inputType())) {
            throw new IllegalArgumentException("input has type " + input.type() + ", the network expects "
                    + network.inputType());
        }
        if (!Arrays.equals(input.shape(), new int[] {d.c(), d.h(), d.w()})) {
            throw new IllegalArgumentException("input has shape " + Arrays.toString(input.shape())
                    + ", the network expects " + d);
        }
        if (input.type().isFast()) {
            return forward(new LongValues(input.type(), input.raws()));
        }
        BigInteger[] raws = new BigInteger[input.size()];
        for (int i = 0; i < raws.length; i++) {
            raws[i] = input.rawBig(i);
        }
        return forward(Values.of(input.type(), raws));
    }

    /** Runs samples in parallel on the common fork-join pool; the i-th trace belongs to the i-th input. */
    public List<Trace> runBatch(List<long[]> inputs) {
        Trace[] out = new Trace[inputs.size()];
        IntStream.range(0, out.length).parallel().forEach(i -> out[i] = run(inputs.get(i)));
        return List.of(out);
    }

    /** {@link #runBatch} for tensors. */
    public List<Trace> runBatchTensors(List<FixedTensor> inputs) {
        Trace[] out = new Trace[inputs.size()];
        IntStream.range(0, out.length).parallel().forEach(i -> out[i] = run(inputs.get(i)));
        return List.of(out);
    }

    private void checkLength(int n) {
        if (n != network.input().size()) {
            throw new IllegalArgumentException("input has " + (n < 0 ? "no" : n) + " values, the network expects "
                    + network.input().size() + " (" + network.input() + ")");
        }
    }

    private Trace forward(Values x) {
        List<LayerTrace> out = new ArrayList<>(stages.size());
        for (Stage s : stages) {
            if (s instanceof Stage.Single single) {
                LayerKernel k = single.kernel();
                FixedStats acc = new FixedStats();
                FixedStats os = new FixedStats();
                x = k.forward(x, acc, os);
                out.add(trace(k.layer(), k.outDims(), x, acc, os, List.of()));
            } else {
                Stage.Ode ode = (Stage.Ode) s;
                x = ode(ode, x, out);
            }
        }
        return new Trace(out);
    }

    private Values values(Values x) {
        FixedStats discarded = new FixedStats();
        for (Stage s : stages) {
            if (s instanceof Stage.Single single) {
                x = single.kernel().values(x);
            } else {
                Stage.Ode ode = (Stage.Ode) s;
                EulerKernel e = ode.euler();
                Values z = e.enter(x, discarded);
                int plane = ode.dims().h() * ode.dims().w();
                for (int k = 0; k < ode.block().steps(); k++) {
                    BigInteger t = ode.block().timeChannel() ? e.time(k, discarded) : null;
                    Values v = e.fInput(z, plane, t);
                    for (LayerKernel kernel : ode.f()) {
                        v = kernel.values(v);
                    }
                    z = e.update(z, v, discarded);
                }
                x = z;
            }
        }
        return x;
    }

    private Values ode(Stage.Ode ode, Values x, List<LayerTrace> out) {
        QOdeBlock b = ode.block();
        EulerKernel e = ode.euler();
        FixedStats enter = new FixedStats();
        Values z = e.enter(x, enter);
        int plane = ode.dims().h() * ode.dims().w();
        List<StepTrace> steps = new ArrayList<>(b.steps());
        for (int k = 0; k < b.steps(); k++) {
            FixedStats update = new FixedStats();
            BigInteger t = b.timeChannel() ? e.time(k, update) : null;
            Values v = e.fInput(z, plane, t);
            List<LayerTrace> f = new ArrayList<>(ode.f().size());
            for (LayerKernel kernel : ode.f()) {
                FixedStats acc = new FixedStats();
                FixedStats os = new FixedStats();
                v = kernel.forward(v, acc, os);
                f.add(recordOdeInternals ? trace(kernel.layer(), kernel.outDims(), v, acc, os, List.of())
                        : new LayerTrace(kernel.layer(), kernel.outDims(), null, acc, os, List.of()));
            }
            z = e.update(z, v, update);
            steps.add(new StepTrace(k, z, update, f));
        }
        out.add(trace(b, ode.dims(), z, new FixedStats(), enter, steps));
        return z;
    }

    private static LayerTrace trace(QLayer layer, Dims dims, Values v, FixedStats acc, FixedStats os,
                                    List<StepTrace> steps) {
        return new LayerTrace(layer, dims, v, acc, os, steps);
    }
}
