package org.dsodenet.odenet.training;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.dsodenet.adapt.AdaBn;
import org.dsodenet.adapt.GradientReversal;
import org.dsodenet.adapt.PseudoLabels;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.transform.Augmentation;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.ops.act.ReLU;
import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.linear.Linear;
import org.dsodenet.ops.loss.SoftmaxCrossEntropy;
import org.dsodenet.ops.norm.BatchNorm2d;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.dsodenet.quant.QatObjective;
import org.dsodenet.train.Adam;
import org.dsodenet.train.Batches;
import org.dsodenet.train.Checkpoint;
import org.dsodenet.train.LrSchedule;
import org.dsodenet.train.MetricsLog;
import org.dsodenet.train.Optimizer;
import org.dsodenet.train.ProgressBar;
import org.dsodenet.train.Seeds;
import org.dsodenet.train.Sgd;
import org.dsodenet.train.TrainingState;
import org.dsodenet.train.WeightDecay;

/**
 * Mini-batch training of a model on labeled source data, with unlabeled target batches for the adaptation methods
 * (see {@link Method}). Deterministic: batch order derives from (seed, epoch), the kernels are deterministic, so the
 * same seed gives bit-identical weights with any thread count, and a run resumed from its per-epoch checkpoint
 * ends with the same weights as an uninterrupted one.
 *
 * <p>One iteration runs the source batch and (for adaptation) the target batch through the model as one concatenated
 * batch (see {@code step}). The last {@link TrainOptions#freezeBnEpochs()} epochs train with batch-norm statistics
 * frozen, so that inference and the folded network run exactly what was trained (see {@code BatchNorm2d}).
 *
 * <p>{@link TargetObjectives} add label-free target terms to any method (information maximisation, self-training on
 * pseudo-labels refreshed every epoch) and AdaBN after the last epoch. Target labels are never read: the target
 * enters only as images.
 */
public final class DomainTrainer {
    /** Extra per-epoch metrics, e.g. evaluation accuracies; called after each epoch with the epoch index. */
    public interface EpochHook extends IntFunction<Map<String, Double>> {}

    private final OdeNetModel model;
    private final TrainOptions o;
    private final OdeNetModel teacher;
    private final Sequential domainHead;
    private final GradientReversal reversal;
    private final TargetObjectives objectives;
    /** Pseudo-label of every target image for the current epoch, or null. */
    private int[] pseudo;

    public DomainTrainer(OdeNetModel model, TrainOptions options, OdeNetModel teacher) {
        this(model, options, teacher, TargetObjectives.none());
    }

    public DomainTrainer(OdeNetModel model, TrainOptions options, OdeNetModel teacher, TargetObjectives objectives) {
        this.model = model;
        this.o = options;
        this.teacher = teacher;
        this.objectives = objectives;
        if (options.method() == Method.DISTILL && teacher == null) {
            throw new IllegalArgumentException("the distill method needs a teacher model");
        }
        if (options.method() == Method.DANN) {
            int f = model.config().channels()[2];
            var rng = Seeds.rng(options.seed(), Seeds.INIT, 1);
            reversal = new GradientReversal("dann.grl", 0);
            domainHead = new Sequential(reversal, Linear.init("dann.fc1", f, 32, true, rng), new ReLU("dann.relu"),
                    Linear.init("dann.fc2", 32, 2, true, rng));
        } else {
            reversal = null;
            domainHead = null;
        }
    }

    /** Every trainable parameter: the model's and, for DANN, the domain classifier's. */
    public List<Param> params() {
        List<Param> p = new ArrayList<>(model.params());
        if (domainHead != null) {
            p.addAll(domainHead.params());
        }
        return p;
    }

    /** What a checkpoint holds besides the optimizer: parameters and batch-norm running statistics. */
    List<Param> tensors() {
        List<Param> t = new ArrayList<>(params());
        for (BatchNorm2d bn : model.batchNorms()) {
            t.add(Checkpoint.buffer(bn.name() + ".running_mean", bn.runningMean()));
            t.add(Checkpoint.buffer(bn.name() + ".running_var", bn.runningVar()));
        }
        return t;
    }

    /**
     * Trains for the configured epochs. With {@code checkpoint} set, the state is saved atomically after every
     * epoch, with the method and the identity of the data it trained on; with {@code resume}, training continues
     * from that file's epoch, which must exist and come from a run with the same seed, method and data and no more
     * epochs than this one (a checkpoint at exactly the last epoch resumes to the finished model).
     */
    public void fit(Dataset source, Dataset target, Path checkpoint, boolean resume, MetricsLog metrics,
                    PrintStream progress, EpochHook hook) {
        boolean targetBatches = o.method().usesTarget() || objectives.trainsOnTarget();
        if ((targetBatches || objectives.adaBn()) && (target == null || target.size() < 2)) {
            throw new IllegalArgumentException((o.method().usesTarget() ? o.method().id() : objectives.id())
                    + " needs unlabeled target images");
        }
        checkShape(source, "source");
        if (target != null) {
            checkShape(target, "target");
        }
        List<Param> params = params();
        Optimizer opt = o.optimizer().equals("adam")
                ? new Adam(params, o.lr(), 0.9, 0.999, 1e-8, WeightDecay.decoupled(o.weightDecay()))
                : new Sgd(params, o.lr(), 0.9, true, WeightDecay.decoupled(o.weightDecay()));
        LrSchedule schedule = LrSchedule.cosine(o.lr(), o.lr() * 0.01, o.epochs() > 2 ? 1 : 0, o.epochs());
        Map<String, String> run = new LinkedHashMap<>();
        run.put(ResumeCheck.METHOD, o.method().id());
        run.put(ResumeCheck.SOURCE, DataIdentity.of(source).toString());
        // Images only: a checkpoint must not depend on target labels either, and AdaBN reads the images too.
        run.put(ResumeCheck.TARGET, targetBatches || objectives.adaBn() ? DataIdentity.ofImages(target).toString() : "");
        run.put(ResumeCheck.OBJECTIVES, objectives.id());
        ResumeCheck.putAugment(run, o.augment());
        int start = 0;
        if (resume) {
            if (checkpoint == null || !Files.exists(checkpoint)) {
                throw new IllegalArgumentException("cannot resume: checkpoint " + checkpoint + " does not exist");
            }
            // Checked before loading, so a refused checkpoint leaves the model as it was.
            ResumeCheck.require(checkpoint, Checkpoint.read(checkpoint).state(), run, o);
            TrainingState st = Checkpoint.load(checkpoint, tensors());
            if (st.optimizer() != null) {
                opt.loadState(st.optimizer());
            }
            start = st.epoch();
        }
        try {
            int perEpoch = Batches.count(source.size(), o.batchSize(), true);
            for (int epoch = start; epoch < o.epochs(); epoch++) {
                long t0 = System.nanoTime();
                boolean frozen = epoch >= o.epochs() - o.freezeBnEpochs();
                freezeBatchNorms(frozen);
                int[] sOrder = Batches.order(o.seed(), epoch, source.size());
                int[] tOrder = !targetBatches ? null : Batches.order(Seeds.derive(o.seed(), 7), epoch, target.size());
                double pseudoShare = objectives.pseudoWeight() > 0 ? refreshPseudoLabels(target) : 0;
                String label = String.format("%s epoch %d/%d%s", o.method().id(), epoch + 1, o.epochs(),
                        frozen ? " (BN frozen)" : "");
                ProgressBar bar = progress == null ? null : ProgressBar.create(progress, label, perEpoch);
                double lossSum = 0;
                long correct = 0;
                long seen = 0;
                for (int it = 0; it < perEpoch; it++) {
                    opt.setLr(schedule.lr(epoch, it, perEpoch));
                    if (reversal != null) {
                        reversal.setLambda(GradientReversal.dannLambda((epoch + (double) it / perEpoch) / o.epochs()));
                    }
                    int[] sIdx = Batches.batch(sOrder, it, o.batchSize());
                    int[] tIdx = tOrder == null ? null : cyclic(tOrder, it, o.batchSize());
                    // every tensor of the step is used up inside it (parameter gradients live in the Params), so
                    // the next step reuses its arrays instead of allocating them again
                    final int ep = epoch;
                    Step s = Outputs.scoped(() -> step(source, sIdx, target, tIdx, ep));
                    opt.step();
                    opt.zeroGrad();
                    lossSum += s.loss;
                    correct += s.correct;
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
                row.put("lr", opt.lr());
                row.put("seconds", (System.nanoTime() - t0) / 1e9);
                if (objectives.pseudoWeight() > 0) {
                    row.put("pseudo_labeled", pseudoShare);
                }
                if (hook != null) {
                    row.putAll(hook.apply(epoch));
                }
                if (metrics != null) {
                    metrics.epoch(epoch, row);
                }
                if (checkpoint != null) {
                    Checkpoint.save(checkpoint, tensors(), new TrainingState(epoch + 1, 0, o.seed(), opt.state(), run));
                }
            }
            if (objectives.adaBn()) {
                // After the checkpoints: a resumed run re-estimates from the same trained weights.
                freezeBatchNorms(false);
                AdaBn.adapt(model.body(), model.batchNorms(), target);
            }
        } finally {
            freezeBatchNorms(false);
            Outputs.release();
        }
    }

    /**
     * Labels the target images for this epoch with the teacher, or without one with the student as it starts the
     * epoch (inference); returns the share of images that got a label.
     */
    private double refreshPseudoLabels(Dataset target) {
        OdeNetModel labeler = teacher != null ? teacher : model;
        int n = target.size();
        float[] z = new float[n * model.config().numClasses()];
        int chunk = 256;
        int k = model.config().numClasses();
        for (int from = 0; from < n; from += chunk) {
            int m = Math.min(chunk, n - from);
            int[] idx = new int[m];
            for (int i = 0; i < m; i++) {
                idx[i] = from + i;
            }
            Tensor l = labeler.logits(images(target, idx));
            if (l.shape().perSample() != k) {
                throw new IllegalArgumentException("the pseudo-labeler has " + l.shape().perSample()
                        + " classes, the model " + k);
            }
            System.arraycopy(l.data(), 0, z, from * k, m * k);
        }
        pseudo = PseudoLabels.select(Tensor.wrap(Shape.of(n, k), z), objectives.pseudoThreshold());
        long kept = java.util.Arrays.stream(pseudo).filter(y -> y != PseudoLabels.NONE).count();
        return (double) kept / n;
    }

    private void freezeBatchNorms(boolean frozen) {
        for (BatchNorm2d bn : model.batchNorms()) {
            bn.setFrozen(frozen);
        }
    }

    private record Step(double loss, int correct) {}

    /**
     * One iteration. With target images, source and target go through the model as one concatenated batch, so batch
     * norm sees one mixture of both domains in training and its running statistics describe the same mixture at
     * inference (alternating domain batches would leave the running statistics fitting neither).
     */
    private Step step(Dataset source, int[] sIdx, Dataset target, int[] tIdx, int epoch) {
        int ns = sIdx.length;
        int nt = tIdx == null ? 0 : tIdx.length;
        int[] ys = labels(source, sIdx);
        Tensor xs = augmented(batch(source, sIdx), sIdx, o, epoch);
        Tensor x = tIdx == null ? xs : concat(xs, images(target, tIdx));
        Tensor feats = model.body().forward(x, true);
        Tensor logits = model.head().forward(feats, true);
        Tensor teacherLogits = nt > 0 && o.method() == Method.DISTILL ? teacher.logits(rows(x, ns, nt)) : null;
        int[] rowPseudo = null;
        if (nt > 0 && objectives.pseudoWeight() > 0) {
            rowPseudo = new int[nt];
            for (int i = 0; i < nt; i++) {
                rowPseudo[i] = pseudo[tIdx[i]];
            }
        }
        QatObjective.Loss l = AdaptationObjective.compute(o, objectives, logits, feats, ys, teacherLogits, rowPseudo,
                domainHead == null ? null : this::domainLoss);
        Tensor gLogits = l.gradLogits();
        Tensor gFeats = l.gradFeatures();
        axpy(gFeats, 1.0, model.head().backward(gLogits));
        model.body().backward(gFeats);
        return new Step(l.loss(), l.correct());
    }

    /** DANN's domain-classification loss on all rows (source 0, target 1), through the gradient reversal. */
    private double domainLoss(Tensor feats, int ns, Tensor gFeats) {
        int n = feats.shape().n();
        Tensor d = domainHead.forward(feats, true);
        int[] dom = new int[n];
        java.util.Arrays.fill(dom, ns, n, 1);
        SoftmaxCrossEntropy.Result dl = SoftmaxCrossEntropy.hard(d, dom);
        axpy(gFeats, 1.0, domainHead.backward(scaled(dl.gradLogits(), o.alignWeight())));
        return o.alignWeight() * dl.loss();
    }

    /** Samples [from, from + n) of a batch tensor, as a new tensor. */
    static Tensor rows(Tensor t, int from, int n) {
        int per = t.shape().perSample();
        float[] d = java.util.Arrays.copyOfRange(t.data(), from * per, (from + n) * per);
        return Tensor.wrap(t.shape().withN(n), d);
    }

    private static Tensor concat(Tensor a, Tensor b) {
        float[] d = java.util.Arrays.copyOf(a.data(), a.size() + b.size());
        System.arraycopy(b.data(), 0, d, a.size(), b.size());
        return Tensor.wrap(a.shape().withN(a.shape().n() + b.shape().n()), d);
    }

    private static void checkShape(Dataset d, String what) {
        if (d.size() < 2) {
            throw new IllegalArgumentException(what + " data has fewer than 2 images");
        }
    }

    static int[] cyclic(int[] order, int it, int bs) {
        int[] idx = new int[bs];
        for (int i = 0; i < bs; i++) {
            idx[i] = order[(int) (((long) it * bs + i) % order.length)];
        }
        return idx;
    }

    /** The images of {@code idx} only: what target data may contribute (its labels are never read). */
    static Tensor images(Dataset d, int[] idx) {
        int per = d.imageSize();
        float[] x = new float[idx.length * per];
        for (int i = 0; i < idx.length; i++) {
            d.copyImage(idx[i], x, i * per);
        }
        return Tensor.wrap(Shape.nchw(idx.length, d.channels(), d.height(), d.width()), x);
    }

    /**
     * {@code xs} (the labeled images {@code idx}) with {@link TrainOptions#augment} applied in place, each image from
     * its own stream {@code (seed, AUGMENT, epoch, index)}.
     */
    static Tensor augmented(Tensor xs, int[] idx, TrainOptions o, int epoch) {
        if (o.augment() == Augmentation.NONE) {
            return xs;
        }
        Shape sh = xs.shape();
        int per = sh.perSample();
        for (int i = 0; i < idx.length; i++) {
            o.augment().apply(xs.data(), i * per, sh.dim(1), sh.dim(2), sh.dim(3),
                    Seeds.derive(o.seed(), Seeds.AUGMENT, epoch, idx[i]));
        }
        return xs;
    }

    static Tensor batch(Dataset d, int[] idx) {
        float[] x = new float[idx.length * d.imageSize()];
        int[] y = new int[idx.length];
        d.fill(idx, 0, idx.length, x, y);
        return Tensor.wrap(Shape.nchw(idx.length, d.channels(), d.height(), d.width()), x);
    }

    private static int[] labels(Dataset d, int[] idx) {
        int[] y = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            y[i] = d.label(idx[i]);
        }
        return y;
    }

    private static void axpy(Tensor acc, double a, Tensor x) {
        float[] ad = acc.data();
        float[] xd = x.data();
        if (ad.length != xd.length) {
            throw new IllegalStateException("gradient shapes differ: " + acc.shape() + " vs " + x.shape());
        }
        for (int i = 0; i < ad.length; i++) {
            ad[i] += (float) (a * xd[i]);
        }
    }

    private static Tensor scaled(Tensor x, double a) {
        Tensor y = Tensor.zeros(x.shape());
        axpy(y, a, x);
        return y;
    }

}
