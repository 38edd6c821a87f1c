package org.dsodenet.odenet.training;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.dsodenet.adapt.PseudoLabels;
import org.dsodenet.data.Dataset;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.odenet.quant.ModelQuantizer;
import org.dsodenet.ops.fixed.FixedForward;
import org.dsodenet.ops.fixed.Trace;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.dsodenet.quant.Qat;
import org.dsodenet.quant.QatOptions;
import org.dsodenet.quant.Quantizer;
import org.dsodenet.train.Batches;
import org.dsodenet.train.Checkpoint;
import org.dsodenet.train.LrSchedule;
import org.dsodenet.train.MetricsLog;
import org.dsodenet.train.ProgressBar;
import org.dsodenet.train.Seeds;
import org.dsodenet.train.TrainingState;

/**
 * Quantization-aware domain adaptation (QAT-DA): the float adaptation of {@link DomainTrainer} (with AdaBN, if
 * asked, at its end), then the adapted student folded, calibrated on source and target images (the domains'
 * value ranges differ) and quantized, then {@link Qat} epochs that minimise the same adaptation objective
 * ({@link QuantizedAdaptationLoss}) on the bit-exact fixed-point logits and features, with straight-through
 * gradients. The teacher stays float.
 *
 * <p>Target labels are never read: target images enter the calibration, the batches, the pseudo-labels and the
 * checkpoint identity as images only. Deterministic: calibration images, batch orders and target batches derive
 * from the seed (and epoch).
 *
 * <p>Checkpoints continue the float run's numbering: after float epoch {@code E} the quantized phase saves epoch
 * {@code E + q} with the adapted float model (after AdaBN) and the QAT master weights and optimizer; resuming from
 * such a checkpoint skips the float phase and re-derives the frozen types from the saved float model.
 */
public final class QuantizedAdaptation {
    private static final String PREFIX = "qat.";
    private static final long CALIBRATION = 23;
    private static final long SOURCE_ORDER = 17;
    private static final long TARGET_ORDER = 19;

    private final OdeNetModel student;
    private final OdeNetModel teacher;
    private final TrainOptions o;
    private final TargetObjectives objectives;
    private final QatDaOptions q;
    private final DomainTrainer trainer;
    private final List<Double> losses = new ArrayList<>();

    public QuantizedAdaptation(OdeNetModel student, TrainOptions o, OdeNetModel teacher, TargetObjectives objectives,
                               QatDaOptions q) {
        QatDaOptions.requireSupported(o.method());
        this.student = student;
        this.teacher = teacher;
        this.o = o;
        this.objectives = objectives;
        this.q = q;
        this.trainer = new DomainTrainer(student, o, teacher, objectives);
    }

    /** The fixed-point adaptation objective of every QAT-DA step run so far, in order. */
    public List<Double> losses() {
        return List.copyOf(losses);
    }

    /**
     * Runs both phases and returns the quantized network; the student ends as the float adapted model it was
     * quantized from. {@code floatHook} reports after float epochs, {@code fixedHook} after quantized ones.
     */
    public QNetwork fit(Dataset source, Dataset target, Path checkpoint, boolean resume, MetricsLog metrics,
                        PrintStream progress, DomainTrainer.EpochHook floatHook,
                        Function<QNetwork, Map<String, Double>> fixedHook) {
        if (target == null || target.size() < 2) {
            throw new IllegalArgumentException("--precision needs at least 2 unlabeled target images to calibrate on");
        }
        Map<String, String> run = runIdentity(source, target);
        TrainingState saved = null;
        if (resume) {
            if (checkpoint == null || !Files.exists(checkpoint)) {
                throw new IllegalArgumentException("cannot resume: checkpoint " + checkpoint + " does not exist");
            }
            TrainingState st = Checkpoint.read(checkpoint).state();
            if (st.epoch() > o.epochs()) {
                // The identity checks first; the epoch count is ours to word, since the excess is in --qat-epochs.
                ResumeCheck.require(checkpoint, st, run, o.withEpochs(Math.max(st.epoch(), o.epochs() + q.epochs())));
                int quantized = st.epoch() - o.epochs();
                if (quantized > q.epochs()) {
                    throw new IllegalArgumentException(checkpoint + " has already trained " + quantized
                            + " quantized epochs after " + o.epochs() + " float epochs, more than this run's "
                            + "--qat-epochs " + q.epochs() + "; resume with at least --qat-epochs " + quantized);
                }
                saved = st;
            }
        }
        Checkpoint.Contents contents = null;
        if (saved == null) {
            trainer.fit(source, target, checkpoint, resume, metrics, progress, floatHook);
        } else {
            contents = Checkpoint.read(checkpoint);
            copy(contents, trainer.tensors(), "", checkpoint);
        }
        Qat qat = ModelQuantizer.prepareQat(student, q.precision(), calibration(source, target),
                new QatOptions(Math.max(1, q.epochs()), o.batchSize(), q.lr(), o.seed(), true));
        int start = 0;
        if (saved != null) {
            copy(contents, prefixed(qat.masterParams()), PREFIX, checkpoint);
            qat.resume(saved.optimizer());
            start = saved.epoch() - o.epochs();
        }
        try {
            for (int epoch = start; epoch < q.epochs(); epoch++) {
                Map<String, Double> row = epoch(qat, source, target, epoch, progress);
                if (fixedHook != null) {
                    row.putAll(fixedHook.apply(qat.current()));
                }
                if (metrics != null) {
                    metrics.epoch(o.epochs() + epoch, row);
                }
                if (checkpoint != null) {
                    List<Param> ts = new ArrayList<>(trainer.tensors());
                    ts.addAll(prefixed(qat.masterParams()));
                    Checkpoint.save(checkpoint, ts, new TrainingState(o.epochs() + epoch + 1, 0, o.seed(),
                            qat.optimizerState(), run));
                }
            }
        } finally {
            Outputs.release(); // the QAT steps' reused arrays do not outlive the run
        }
        return qat.current();
    }

    private Map<String, String> runIdentity(Dataset source, Dataset target) {
        Map<String, String> run = new LinkedHashMap<>();
        run.put(ResumeCheck.METHOD, o.method().id());
        run.put(ResumeCheck.SOURCE, DataIdentity.of(source).toString());
        run.put(ResumeCheck.TARGET, DataIdentity.ofImages(target).toString());
        run.put(ResumeCheck.OBJECTIVES, objectives.id());
        run.put(ResumeCheck.PRECISION, q.id(o.epochs()));
        ResumeCheck.putAugment(run, o.augment());
        return run;
    }

    /** One QAT-DA epoch; returns its metrics row. */
    private Map<String, Double> epoch(Qat qat, Dataset source, Dataset target, int epoch, PrintStream progress) {
        long t0 = System.nanoTime();
        int bs = Math.min(o.batchSize(), source.size());
        int perEpoch = Batches.count(source.size(), bs, true);
        LrSchedule schedule = LrSchedule.cosine(q.lr(), q.lr() * 0.01, 0, q.epochs());
        boolean targetBatches = o.method().usesTarget() || objectives.trainsOnTarget();
        int[] sOrder = Batches.order(Seeds.derive(o.seed(), SOURCE_ORDER), epoch, source.size());
        int[] tOrder = targetBatches ? Batches.order(Seeds.derive(o.seed(), TARGET_ORDER), epoch, target.size()) : null;
        int[] pseudo = objectives.pseudoWeight() > 0 ? pseudoLabels(qat.current(), target) : null;
        ProgressBar bar = progress == null ? null
                : ProgressBar.create(progress, String.format("qat-da %s epoch %d/%d", q.precision().describe(),
                        epoch + 1, q.epochs()), perEpoch);
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        for (int it = 0; it < perEpoch; it++) {
            int[] sIdx = Batches.batch(sOrder, it, bs);
            int[] tIdx = tOrder == null ? new int[0] : DomainTrainer.cyclic(tOrder, it, bs);
            List<float[]> images = new ArrayList<>(sIdx.length + tIdx.length);
            int[] labels = new int[sIdx.length];
            // Quantized epochs continue the float run's epoch numbering, so their augmentation draws are new ones.
            Tensor xs = DomainTrainer.augmented(DomainTrainer.batch(source, sIdx), sIdx, o, o.epochs() + epoch);
            int per = source.imageSize();
            for (int i = 0; i < sIdx.length; i++) {
                images.add(java.util.Arrays.copyOfRange(xs.data(), i * per, (i + 1) * per));
                labels[i] = source.label(sIdx[i]);
            }
            for (int i : tIdx) {
                images.add(target.image(i));
            }
            Tensor teacherLogits = o.method() == Method.DISTILL && tIdx.length > 0
                    ? teacher.logits(DomainTrainer.images(target, tIdx)) : null;
            int[] rowPseudo = null;
            if (pseudo != null) {
                rowPseudo = new int[tIdx.length];
                for (int i = 0; i < tIdx.length; i++) {
                    rowPseudo[i] = pseudo[tIdx[i]];
                }
            }
            Qat.Step s = qat.step(images, new QuantizedAdaptationLoss(labels, o, objectives, teacherLogits, rowPseudo),
                    schedule.lr(epoch, it, perEpoch));
            losses.add(s.loss());
            lossSum += s.loss();
            correct += s.correct();
            seen += sIdx.length;
            if (bar != null) {
                bar.update(it + 1, lossSum / (it + 1), (double) correct / seen);
            }
        }
        if (bar != null) {
            bar.finish();
        }
        Map<String, Double> row = new LinkedHashMap<>();
        row.put("loss", lossSum / perEpoch);
        row.put("train_acc", (double) correct / Math.max(1, seen));
        row.put("lr", schedule.lr(epoch, perEpoch - 1, perEpoch));
        row.put("seconds", (System.nanoTime() - t0) / 1e9);
        if (pseudo != null) {
            row.put("pseudo_labeled", (double) java.util.Arrays.stream(pseudo).filter(y -> y != PseudoLabels.NONE)
                    .count() / pseudo.length);
        }
        return row;
    }

    /**
     * Pseudo-labels of every target image for this epoch: by the float teacher if there is one, else by the
     * quantized student as the epoch starts (what is deployed labels itself).
     */
    private int[] pseudoLabels(QNetwork net, Dataset target) {
        int k = student.config().numClasses();
        int n = target.size();
        float[] z = new float[n * k];
        FixedForward fwd = teacher == null ? new FixedForward(net) : null;
        for (int from = 0; from < n; from += 256) {
            int m = Math.min(256, n - from);
            int[] idx = new int[m];
            for (int i = 0; i < m; i++) {
                idx[i] = from + i;
            }
            if (teacher != null) {
                Tensor l = teacher.logits(DomainTrainer.images(target, idx));
                if (l.shape().perSample() != k) {
                    throw new IllegalArgumentException("the pseudo-labeler has " + l.shape().perSample()
                            + " classes, the model " + k);
                }
                System.arraycopy(l.data(), 0, z, from * k, m * k);
            } else {
                List<long[]> inputs = new ArrayList<>(m);
                for (int i : idx) {
                    inputs.add(Quantizer.quantizeInput(net, target.image(i)));
                }
                List<Trace> traces = fwd.runBatch(inputs);
                for (int i = 0; i < m; i++) {
                    double[] v = traces.get(i).output().values();
                    for (int j = 0; j < k; j++) {
                        z[(from + i) * k + j] = (float) v[j];
                    }
                }
            }
        }
        return PseudoLabels.select(Tensor.wrap(Shape.of(n, k), z), objectives.pseudoThreshold());
    }

    /**
     * Up to {@code calibImages} images of each domain, drawn by a seeded permutation that reads no labels (a
     * stratified sample would read the target's); the labels of the mixture are all 0 and never read.
     */
    public Dataset calibration(Dataset source, Dataset target) {
        int ns = Math.min(q.calibImages(), source.size());
        int nt = Math.min(q.calibImages(), target.size());
        int per = source.imageSize();
        float[] x = new float[(ns + nt) * per];
        int[] s = Dataset.permutation(source.size(), Seeds.derive(o.seed(), CALIBRATION, 0));
        int[] t = Dataset.permutation(target.size(), Seeds.derive(o.seed(), CALIBRATION, 1));
        for (int i = 0; i < ns; i++) {
            source.copyImage(s[i], x, i * per);
        }
        for (int i = 0; i < nt; i++) {
            target.copyImage(t[i], x, (ns + i) * per);
        }
        return Dataset.of("calibration", x, new int[ns + nt], source.channels(), source.height(), source.width(),
                source.numClasses());
    }

    /** The master weights under checkpoint names that cannot collide with the float model's. */
    private static List<Param> prefixed(List<Param> params) {
        List<Param> out = new ArrayList<>(params.size());
        for (Param p : params) {
            out.add(new Param(PREFIX + p.name(), p.shape(), p.value()));
        }
        return out;
    }

    /** Copies the checkpoint's tensors named {@code ts} (the prefixed ones only, or all unprefixed ones). */
    private static void copy(Checkpoint.Contents c, List<Param> ts, String prefix, Path file) {
        long inFile = c.tensors().keySet().stream()
                .filter(n -> prefix.isEmpty() ? !n.startsWith(PREFIX) : n.startsWith(prefix)).count();
        if (inFile != ts.size()) {
            throw new IllegalArgumentException("checkpoint " + file + " holds " + inFile + " tensors"
                    + (prefix.isEmpty() ? " of the float model" : " of the quantized phase") + ", this run has "
                    + ts.size());
        }
        for (Param p : ts) {
            Tensor t = c.tensors().get(p.name());
            if (t == null || !t.shape().equals(p.shape())) {
                throw new IllegalArgumentException("checkpoint " + file + ": tensor '" + p.name() + "' is "
                        + (t == null ? "missing" : "of shape " + t.shape() + ", this run expects " + p.shape()));
            }
        }
        for (Param p : ts) {
            float[] src = c.tensors().get(p.name()).data();
            System.arraycopy(src, 0, p.value(), 0, src.length);
        }
    }
}
