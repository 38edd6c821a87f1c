package org.dsodenet.quant;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.dsodenet.data.Dataset;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.ops.fixed.FixedForward;
import org.dsodenet.ops.fixed.Trace;
import org.dsodenet.ops.fixed.kernel.Values;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.types.Calibration;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.loss.SoftmaxCrossEntropy;
import org.dsodenet.ops.ode.OdeBlock;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.dsodenet.train.Adam;
import org.dsodenet.train.Batches;
import org.dsodenet.train.LrSchedule;
import org.dsodenet.train.OptimizerState;
import org.dsodenet.train.ProgressBar;

/**
 * Quantization-aware training (QAT): fine-tunes the weights of a quantized network so that the fixed-point network
 * itself, not its float original, has a low loss.
 *
 * <p><b>What is frozen.</b> QAT starts from the folded float network (batch norms folded with their running
 * statistics, which therefore stay frozen) and from the network the {@link Quantizer} made of it with a
 * calibration. Every type of that network is frozen: weight, bias and batch-norm constant types, layer output types,
 * ODE state types, accumulators, the step constant; integer bits and widths never change. Only the raw weights
 * change: after every update they are re-quantized from the float master weights into their frozen types
 * ({@link Quantizer#requantize}: round to nearest even, saturate). Two guards keep the frozen types honest: master
 * weights are clamped into their type's range (beyond it the raw saturates and the gradient would be meaningless),
 * and an update that would let some input overflow a frozen accumulator (see {@link
 * org.dsodenet.ops.fixed.types.AccumulatorSizer}) is undone for that output row.
 *
 * <p><b>Forward.</b> A step quantizes its images with {@link Quantizer#quantizeInput} and runs the bit-exact
 * {@link FixedForward#outputsBatch} of the current network (the counted {@link FixedForward#runBatch} when the
 * objective aligns features, which need a layer before the last); the loss is a {@link QatObjective} of those logits
 * (and, for feature alignment, of the features: the input of the last layer), dequantized: the softmax cross-entropy
 * against the labels for plain QAT ({@link SourceCrossEntropy}), the adaptation objective for QAT-DA. The QAT
 * forward is therefore the fixed-point forward, bit for bit, by construction: the loss QAT minimises is the loss of
 * exactly the network that is deployed.
 *
 * <p><b>Backward (straight-through).</b> The fixed-point forward has no useful derivative, so the gradient of the
 * loss with respect to the fixed-point logits is sent back through the float network: its parameters are
 * temporarily replaced by the dequantized raws (fake-quantized weights), it runs a training forward on the
 * dequantized input images, and its backward takes the fixed-point logits' gradient (plus, at the features, the
 * features' gradient). With
 * {@link QatOptions#fakeQuantActivations()} every layer output and ODE state is rounded to its frozen type on the
 * way ({@link FakeQuant}, {@link FakeQuantEuler}), so the float pass follows the fixed-point one closely; the
 * rounding passes gradients straight through, except where a value saturated. The float master weights are then
 * restored, and Adam applies the gradient to them.
 *
 * <p>Deterministic: batch order derives from (seed, epoch), and the fixed-point and float kernels do not depend on
 * thread scheduling, so the same inputs and seed give identical raws.
 */
public final class Qat {
    /**
     * One training step.
     *
     * @param net     the network the step evaluated (before its update)
     * @param outputs the fixed-point logits of every image, as {@link FixedForward} produced them
     * @param logits  those logits dequantized, (N, K): what the loss saw
     * @param loss    mean cross-entropy of {@code logits}
     * @param correct images whose largest fixed-point logit is their label
     */
    public record Step(QNetwork net, List<Values> outputs, Tensor logits, double loss, int correct) {}

    private final Sequential master;
    private final QNetwork frozen;
    private final Sequential graph;
    /** {@code graph} up to the features (the input of the last layer), and from there on. */
    private final Sequential trunk;
    private final Sequential tail;
    private final List<Param> params;
    private final Adam opt;
    private final AccumulatorGuard guard;
    private final Map<String, Layer> layersByName = new HashMap<>();
    private final Map<String, Integer> macOutputs = new HashMap<>();
    private QNetwork current;
    private int guardedRows;

    /**
     * Prepares QAT of {@code folded}, whose quantized form with the types to freeze is {@code frozen} (made by
     * {@link Quantizer#quantize}); {@code folded} is copied, not modified.
     */
    public Qat(Sequential folded, QNetwork frozen, QatOptions o) {
        this.master = Folding.copy(folded);
        this.frozen = frozen;
        this.graph = o.fakeQuantActivations() ? FakeQuantNetwork.build(master, frozen) : master;
        int cut = graph.layers().indexOf(master.layers().get(master.layers().size() - 1));
        if (cut < 0) {
            throw new IllegalArgumentException("the network's last layer must be a plain layer, not an ODE block");
        }
        this.trunk = new Sequential(graph.layers().subList(0, cut));
        this.tail = new Sequential(graph.layers().subList(cut, graph.layers().size()));
        this.params = master.params();
        this.opt = new Adam(params, o.lr());
        this.guard = new AccumulatorGuard(frozen);
        index(master.layers());
        for (QLayer q : QNetwork.flatten(frozen.layers())) {
            if (q instanceof QMac m) {
                macOutputs.put(m.name(), m.outputs());
            }
        }
        this.current = Quantizer.requantize(frozen, master);
        WeightSlots.clamp(WeightSlots.of(master, current));
    }

    private void index(List<Layer> layers) {
        for (Layer l : layers) {
            layersByName.put(l.name(), l);
            if (l instanceof OdeBlock o) {
                index(((Sequential) o.f()).layers());
            }
        }
    }

    /**
     * Fine-tunes {@code folded}: quantizes it with {@code cal} and {@code p} (the types that stay frozen), then
     * trains as described in the class comment.
     */
    public static QatResult fineTune(String name, Sequential folded, Calibration cal, LayerPrecisions p, Dims input,
                                     Dataset train, QatOptions o, PrintStream progress) {
        return fineTune(folded, Quantizer.quantize(name, folded, input, cal, p), train, o, progress);
    }

    /** Fine-tunes {@code folded} with the types of its quantized form {@code frozen}; {@code folded} is not modified. */
    public static QatResult fineTune(Sequential folded, QNetwork frozen, Dataset train, QatOptions o,
                                     PrintStream progress) {
        Dims in = frozen.input();
        if (train.channels() != in.c() || train.height() != in.h() || train.width() != in.w()) {
            throw new IllegalArgumentException("QAT images are " + train.channels() + "x" + train.height() + "x"
                    + train.width() + ", the network expects " + in.c() + "x" + in.h() + "x" + in.w());
        }
        if (train.size() < 1) {
            throw new IllegalArgumentException("QAT needs at least one training image");
        }
        Qat qat = new Qat(folded, frozen, o);
        int bs = Math.min(o.batchSize(), train.size());
        int perEpoch = Batches.count(train.size(), bs, true);
        LrSchedule schedule = LrSchedule.cosine(o.lr(), o.lr() * 0.01, 0, o.epochs());
        List<Double> losses = new ArrayList<>();
        try {
            for (int epoch = 0; epoch < o.epochs(); epoch++) {
                int[] order = Batches.order(o.seed(), epoch, train.size());
                ProgressBar bar = progress == null ? null
                        : ProgressBar.create(progress, String.format("qat epoch %d/%d", epoch + 1, o.epochs()),
                                perEpoch);
                double sum = 0;
                long correct = 0;
                for (int it = 0; it < perEpoch; it++) {
                    Step s = qat.step(train, Batches.batch(order, it, bs), schedule.lr(epoch, it, perEpoch));
                    losses.add(s.loss());
                    sum += s.loss();
                    correct += s.correct();
                    if (bar != null) {
                        bar.update(it + 1, sum / (it + 1), (double) correct / ((long) (it + 1) * bs));
                    }
                }
                if (bar != null) {
                    bar.finish();
                }
            }
        } finally {
            Outputs.release(); // the steps' reused arrays do not outlive the run
        }
        return new QatResult(qat.current(), losses, qat.guardedRows());
    }

    /** The network of the current master weights: the frozen types, re-quantized raws. */
    public QNetwork current() {
        return current;
    }

    /** The float master weights (the folded network's parameters, under its names), for checkpoints. */
    public List<Param> masterParams() {
        return params;
    }

    /** The optimizer's state, for checkpoints. */
    public OptimizerState optimizerState() {
        return opt.state();
    }

    /**
     * Continues from a checkpoint: the master weights have been loaded into {@link #masterParams()}, {@code state}
     * is the optimizer's; the current network is re-quantized from them (it was exactly that when saved).
     */
    public void resume(OptimizerState state) {
        opt.loadState(state);
        current = Quantizer.requantize(frozen, master);
    }

    /** Output rows whose update was undone so far because it would have overflowed a frozen accumulator. */
    public int guardedRows() {
        return guardedRows;
    }

    /**
     * One step on images {@code idx} of {@code data} at learning rate {@code lr}, minimising the cross-entropy
     * against their labels; see the class comment.
     */
    public Step step(Dataset data, int[] idx, double lr) {
        List<float[]> images = new ArrayList<>(idx.length);
        int[] labels = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            images.add(data.image(idx[i]));
            labels[i] = data.label(idx[i]);
        }
        Step s = step(images, new SourceCrossEntropy(labels), lr);
        // Counted on the exact fixed-point values, as before objectives were pluggable.
        return new Step(s.net(), s.outputs(), s.logits(), s.loss(), correct(s.outputs(), labels));
    }

    /**
     * One step on {@code images} (each in CHW order, of the network's input size) at learning rate {@code lr},
     * minimising {@code objective} on their fixed-point logits (and features); see the class comment.
     */
    public Step step(List<float[]> images, QatObjective objective, double lr) {
        QNetwork net = current;
        List<long[]> inputs = new ArrayList<>(images.size());
        for (float[] image : images) {
            inputs.add(Quantizer.quantizeInput(net, image));
        }
        // The float forward does not need the fixed-point one, so both run at once: planning the fixed-point
        // forward is single-threaded and the float layers leave cores idle between kernels. Neither result depends
        // on the schedule.
        CompletableFuture<FixedPass> fixed = FixedPass.start(net, inputs, objective.usesFeatures());
        List<WeightSlots.Slot> slots = WeightSlots.of(master, net);
        float[][] masters = new float[params.size()][];
        for (int i = 0; i < masters.length; i++) {
            masters[i] = params.get(i).value().clone();
        }
        WeightSlots.writeDequantized(slots);
        List<Values> outputs;
        Tensor logits;
        QatObjective.Loss loss;
        // The float pass's tensors live in an output scope, as a float training step's do (DomainTrainer): the
        // arrays come back for the next step. Nothing computed in it outlives backward: the step keeps the
        // fixed-point logits and the loss's numbers only.
        Outputs.Scope scope = Outputs.open();
        try {
            Tensor y = null;
            RuntimeException floatFailure = null;
            try {
                Tensor f = trunk.forward(dequantized(inputs, net.inputType(), net.input()), true);
                y = tail.forward(f, true);
            } catch (RuntimeException e) {
                floatFailure = e;
            }
            // Failures surface in the order of the sequential step: the fixed-point forward, the loss, the float pass.
            FixedPass pass = FixedPass.join(fixed);
            outputs = pass.outputs();
            logits = logits(outputs);
            loss = objective.compute(logits, pass.traces() != null ? features(pass.traces()) : null);
            if (floatFailure != null) {
                throw floatFailure;
            }
            backward(y, loss);
        } finally {
            // the master weights come back whatever happened, so a failed step leaves the network as it was
            for (int i = 0; i < masters.length; i++) {
                System.arraycopy(masters[i], 0, params.get(i).value(), 0, masters[i].length);
            }
            scope.close();
        }

        opt.setLr(lr);
        opt.step();
        opt.zeroGrad();
        WeightSlots.clamp(slots);
        current = guarded(Quantizer.requantize(frozen, master), masters);
        return new Step(net, outputs, logits, loss.loss(), loss.correct());
    }

    /** The straight-through backward of the float pass: the logits' gradient, plus the features' where it has one. */
    private void backward(Tensor y, QatObjective.Loss loss) {
        Tensor gf = tail.backward(Tensor.wrap(y.shape(), loss.gradLogits().data()));
        if (loss.gradFeatures() != null) {
            float[] g = gf.data();
            float[] extra = loss.gradFeatures().data();
            if (extra.length != g.length) {
                throw new IllegalArgumentException("feature gradient has " + extra.length + " values, the features "
                        + g.length);
            }
            for (int i = 0; i < g.length; i++) {
                g[i] += extra[i];
            }
        }
        trunk.backward(gf);
    }

    /** Undoes the update of every output row that would overflow its accumulator, then re-quantizes. */
    private QNetwork guarded(QNetwork net, float[][] before) {
        Map<String, int[]> bad = guard.overflowing(net);
        if (bad.isEmpty()) {
            return net;
        }
        Map<Param, float[]> previous = new HashMap<>();
        for (int i = 0; i < params.size(); i++) {
            previous.put(params.get(i), before[i]);
        }
        for (Map.Entry<String, int[]> e : bad.entrySet()) {
            Layer l = layersByName.get(e.getKey());
            Param w = l.params().get(0);
            Param b = l.params().size() > 1 ? l.params().get(1) : null;
            // Weights are laid out with the output outermost; the frozen twin knows how many outputs there are.
            int per = w.size() / macOutputs.get(e.getKey());
            for (int o : e.getValue()) {
                System.arraycopy(previous.get(w), o * per, w.value(), o * per, per);
                if (b != null) {
                    b.value()[o] = previous.get(b)[o];
                }
                guardedRows++;
            }
        }
        QNetwork again = Quantizer.requantize(frozen, master);
        if (!guard.overflowing(again).isEmpty()) {
            throw new IllegalStateException("restored weights still overflow an accumulator");
        }
        return again;
    }

    /** The values of one layer output per image as a float tensor (N, K); the fixed-point logits for the last. */
    private static Tensor logits(List<Values> outputs) {
        int k = outputs.get(0).size();
        float[] z = new float[outputs.size() * k];
        for (int n = 0; n < outputs.size(); n++) {
            Values v = outputs.get(n);
            for (int j = 0; j < k; j++) {
                z[n * k + j] = (float) v.toDouble(j);
            }
        }
        return Tensor.wrap(Shape.of(outputs.size(), k), z);
    }

    /** The fixed-point features, (N, F): the output of the second-to-last top-level layer, dequantized. */
    static Tensor features(List<Trace> traces) {
        List<Values> feats = new ArrayList<>(traces.size());
        for (Trace t : traces) {
            feats.add(t.layers().get(t.layers().size() - 2).raws());
        }
        return logits(feats);
    }

    /** The quantized images as the float pass sees them: exactly the values the fixed-point forward gets. */
    private static Tensor dequantized(List<long[]> inputs, FixedType t, Dims d) {
        int per = d.size();
        float[] x = new float[inputs.size() * per];
        for (int n = 0; n < inputs.size(); n++) {
            long[] r = inputs.get(n);
            for (int i = 0; i < per; i++) {
                x[n * per + i] = (float) Fx.toDouble(r[i], t);
            }
        }
        return Tensor.wrap(Shape.nchw(inputs.size(), d.c(), d.h(), d.w()), x);
    }

    private static int correct(List<Values> outputs, int[] labels) {
        int ok = 0;
        for (int n = 0; n < labels.length; n++) {
            Values v = outputs.get(n);
            int best = 0;
            for (int j = 1; j < v.size(); j++) {
                if (v.toDouble(j) > v.toDouble(best)) {
                    best = j;
                }
            }
            ok += best == labels[n] ? 1 : 0;
        }
        return ok;
    }

    /** Mean softmax cross-entropy of the fixed-point logits of {@code net} over all of {@code data}. */
    public static double fixedLoss(QNetwork net, Dataset data) {
        FixedForward fwd = new FixedForward(net);
        double sum = 0;
        for (int start = 0; start < data.size(); start += 256) {
            int n = Math.min(256, data.size() - start);
            List<long[]> inputs = new ArrayList<>(n);
            int[] labels = new int[n];
            for (int j = 0; j < n; j++) {
                inputs.add(Quantizer.quantizeInput(net, data.image(start + j)));
                labels[j] = data.label(start + j);
            }
            sum += SoftmaxCrossEntropy.hard(logits(fwd.outputsBatch(inputs)), labels).loss() * n;
        }
        return sum / data.size();
    }
}
