package org.dsodenet.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.dsodenet.codegen.estimate.Part;
import org.dsodenet.codegen.estimate.ResourceEstimate;
import org.dsodenet.codegen.estimate.ResourceEstimator;
import org.dsodenet.codegen.hls.CSim;
import org.dsodenet.codegen.hls.HlsOptions;
import org.dsodenet.codegen.hls.HlsProjectGenerator;
import org.dsodenet.codegen.hls.WeightMode;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.transform.Augmentation;
import org.dsodenet.io.AtomicFile;
import org.dsodenet.odenet.eval.Evaluation;
import org.dsodenet.odenet.eval.Evaluator;
import org.dsodenet.odenet.eval.QuantError;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.Group;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.odenet.model.ParamReport;
import org.dsodenet.odenet.quant.ModelQuantizer;
import org.dsodenet.odenet.training.DomainTrainer;
import org.dsodenet.odenet.training.Method;
import org.dsodenet.odenet.training.QatDaOptions;
import org.dsodenet.odenet.training.QuantizedAdaptation;
import org.dsodenet.odenet.training.TargetObjectives;
import org.dsodenet.odenet.training.TrainOptions;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.quant.LayerPrecisions;
import org.dsodenet.quant.Precision;
import org.dsodenet.report.AccuracyRow;
import org.dsodenet.report.BitExactResult;
import org.dsodenet.report.Chart;
import org.dsodenet.report.ConfusionMatrix;
import org.dsodenet.report.GapClosure;
import org.dsodenet.report.GapRow;
import org.dsodenet.report.HtmlReport;
import org.dsodenet.report.ParamGroup;
import org.dsodenet.report.ParamRow;
import org.dsodenet.report.ParamTable;
import org.dsodenet.report.QuantRow;
import org.dsodenet.report.ReportData;
import org.dsodenet.report.ResourceBlock;
import org.dsodenet.report.Series;
import org.dsodenet.train.MetricsLog;

/**
 * The end-to-end job behind {@code dsodenet demo}: train dsODENet on the source domain, train the target oracle (the
 * same student on target labels, the ceiling), train a larger float teacher and align it to the target, adapt the
 * student by distillation, quantize it after training at three precisions and by QAT-DA at fx8 and fx16, evaluate
 * float and bit-exact fixed point on both domains with each model's share of the source-only to oracle gap, export
 * the QAT-DA fx16 network as an HLS project, verify it in C simulation, write the report and summary.json. Target
 * labels are used only for evaluation and by the oracle. Without make or g++ everything but the C simulation
 * runs, and the C simulation is reported as skipped with the reason: that is known before the first epoch.
 */
final class Demo {
    /**
     * Sizes of one run; {@link #standard} is the README's demo, {@link #quick} a smoke run for tests. {@code arch}
     * is the student's architecture (the teacher is always dsODENet 16-32-64, so that dsODENet and ODENet students
     * are adapted the same way); {@code objectives} are the label-free target objectives added to distillation;
     * {@code teacherImEpochs} are the teacher's epochs of MMD + information maximisation after its MMD alignment.
     */
    record Settings(String source, String target, int sourceImages, int studentEpochs, int teacherEpochs,
                    int alignEpochs, int teacherImEpochs, int adaptEpochs, int evalImages, int tbImages, long seed,
                    String apInclude, int inChannels, Arch arch, TargetObjectives objectives, Augmentation augment) {
        static Settings standard(String source, String target, long seed, String apInclude) {
            return new Settings(source, target, 4000, 4, 3, 2, TEACHER_IM_EPOCHS, 2, 1000, 5, seed, apInclude, 1,
                    Arch.DSODENET, TargetObjectives.none(), Augmentation.NONE);
        }

        static Settings quick(String source, String target, long seed, String apInclude) {
            return new Settings(source, target, 256, 1, 1, 1, TEACHER_IM_EPOCHS, 1, 100, 2, seed, apInclude, 1,
                    Arch.DSODENET, TargetObjectives.none(), Augmentation.NONE);
        }

        Settings withInChannels(int c) {
            return new Settings(source, target, sourceImages, studentEpochs, teacherEpochs, alignEpochs,
                    teacherImEpochs, adaptEpochs, evalImages, tbImages, seed, apInclude, c, arch, objectives, augment);
        }

        Settings withArch(Arch a) {
            return new Settings(source, target, sourceImages, studentEpochs, teacherEpochs, alignEpochs,
                    teacherImEpochs, adaptEpochs, evalImages, tbImages, seed, apInclude, inChannels, a, objectives,
                    augment);
        }

        Settings withObjectives(TargetObjectives o) {
            return new Settings(source, target, sourceImages, studentEpochs, teacherEpochs, alignEpochs,
                    teacherImEpochs, adaptEpochs, evalImages, tbImages, seed, apInclude, inChannels, arch, o, augment);
        }

        Settings withAugment(Augmentation a) {
            return new Settings(source, target, sourceImages, studentEpochs, teacherEpochs, alignEpochs,
                    teacherImEpochs, adaptEpochs, evalImages, tbImages, seed, apInclude, inChannels, arch, objectives,
                    a);
        }

        Settings withTeacherImEpochs(int n) {
            return new Settings(source, target, sourceImages, studentEpochs, teacherEpochs, alignEpochs, n,
                    adaptEpochs, evalImages, tbImages, seed, apInclude, inChannels, arch, objectives, augment);
        }
    }

    /**
     * The teacher's epochs of MMD + information maximisation (weight 1) after its MMD alignment. The teacher is not
     * deployed, so its strength costs only time, and distillation cannot lift the student above it: one such epoch
     * took the demo's teacher on UCI digits from 89.42 % to 94.43 % (README, stronger teacher).
     */
    static final int TEACHER_IM_EPOCHS = 1;
    /** Information maximisation of the teacher's last epochs: SHOT's equal weight, as the student's. */
    static final TargetObjectives TEACHER_OBJECTIVES = new TargetObjectives(false, 1, 0, 0.9);

    /** Method name of the target oracle in rows, files and the log. */
    static final String ORACLE = "target-oracle";
    /** Method name of the quantization-aware adapted student. */
    static final String QAT_DA = "distill + QAT-DA";
    /**
     * Quantized epochs of QAT-DA after the float adaptation. Two, by measurement from the same float students
     * (README, one schedule for the three pairs): with one, the fx8 student ended 0.5 points below the float one on
     * the RGB pair and 0.84 on the font digits, and the RGB pair closed 79.3 % of its gap; the second epoch costs
     * only time, and the same count holds for every pair and both precisions.
     */
    static final int QAT_DA_EPOCHS = 2;

    private final Settings s;
    private final Path out;
    private final PrintStream log;
    private final Optional<String> missingTools;
    private final List<AccuracyRow> accuracy = new ArrayList<>();
    private final JsonArray accJson = new JsonArray();
    private final List<GapRow> gaps = new ArrayList<>();
    private final ReportData.Builder report;

    /** {@code missingTools}: what the C simulation lacks on this machine ({@link CSim#missingTools()}). */
    Demo(Settings s, Path out, PrintStream log, Optional<String> missingTools) {
        this.s = s;
        this.out = out;
        this.log = log;
        this.missingTools = missingTools;
        this.report = ReportData.builder("dsodenet demo: " + s.source + " \u2192 " + s.target);
    }

    /** Runs everything; returns the exit code (1 when the C simulation ran and did not prove bit-exactness). */
    int run() {
        long t0 = System.nanoTime();
        missingTools.ifPresent(m -> step("%s: the HLS C simulation will be skipped, every other step runs", m));
        ModelConfig grey = ModelConfig.defaults(Arch.DSODENET);
        ModelConfig dsCfg = grey.withInput(s.inChannels, grey.inputSize(), grey.numClasses());
        ModelConfig cfg = dsCfg.withArch(s.arch);
        Dataset src = DataOptions.limit(DataOptions.load(s.source, cfg, DataOptions.Part.TRAIN), s.sourceImages, s.seed);
        Dataset srcTest = DataOptions.limit(DataOptions.load(s.source, cfg, DataOptions.Part.TEST), s.evalImages, s.seed);
        Dataset tgt = DataOptions.load(s.target, cfg, DataOptions.Part.TRAIN);
        Dataset tgtTest = DataOptions.limit(DataOptions.load(s.target, cfg, DataOptions.Part.TEST), s.evalImages, s.seed);
        step("data: %s %d train / %d test, %s %d unlabeled / %d test", s.source, src.size(), srcTest.size(), s.target,
                tgt.size(), tgtTest.size());
        report.meta("command", "dsodenet demo").meta("seed", s.seed).meta("source", s.source).meta("target", s.target)
                .meta("student", s.arch.id()).meta("augment", s.augment.id()).meta("threads", Runtime.getRuntime().availableProcessors());

        // Every model trained on source labels gets the same augmentation; the oracle does not (oracleOptions).
        TrainOptions base = new TrainOptions(s.studentEpochs, 32, "adam", 0.01, 1e-4, s.seed, Method.SOURCE_ONLY, 1.0, 4.0, 0.5, 1,
                s.augment);
        OdeNetModel student = OdeNetModel.create(cfg, s.seed);
        List<Map<String, Double>> curve = train("student-source-only", student, base, src, tgt, null, srcTest, tgtTest);
        save("student-source-only", student);
        Evaluation sourceOnly = floatRow("source-only", student, srcTest, tgtTest);
        report.confusion(ConfusionMatrix.ofDigits(s.target + " \u00B7 source-only \u00B7 float", sourceOnly.confusion()));

        // The ceiling: the same source-only student given the adaptation's schedule, but on the target's labels.
        OdeNetModel oracle = ModelFile.load(out.resolve("models/student-source-only.dsod")).model();
        train(ORACLE, oracle, oracleOptions(adaptOptions(base, Method.SOURCE_ONLY)), tgt, null, null, srcTest, tgtTest,
                null);
        save(ORACLE, oracle);
        GapClosure gap = new GapClosure(sourceOnly.accuracy(), floatRow(ORACLE, oracle, srcTest, tgtTest).accuracy());

        ModelConfig tcfg = dsCfg.withChannels(new int[] {16, 32, 64});
        OdeNetModel teacher = OdeNetModel.create(tcfg, s.seed + 1);
        train("teacher", teacher, base.withEpochs(s.teacherEpochs), src, tgt, null, srcTest, tgtTest);
        // Two alignment epochs: in the first, batch norm normalises the mixed source+target batches with their own
        // statistics, so its running statistics move towards the mixture; the second (frozen) makes inference match.
        train("teacher-mmd", teacher, base.withEpochs(s.alignEpochs).withMethod(Method.MMD).withLr(0.003), src, tgt,
                null, srcTest, tgtTest);
        if (s.teacherImEpochs > 0) {
            train("teacher-mmd-im", teacher, base.withEpochs(s.teacherImEpochs).withMethod(Method.MMD).withLr(0.003),
                    TEACHER_OBJECTIVES, src, tgt, null, srcTest, tgtTest, null);
        }
        save("teacher", teacher);
        gapRow("teacher (float, MMD-aligned)", "float",
                floatRow("teacher (float, MMD-aligned)", teacher, srcTest, tgtTest).accuracy(), gap);

        Path floatCheckpoint = out.resolve("checkpoints/student-distill.ckpt");
        List<Map<String, Double>> adaptCurve = train("student-distill", student, adaptOptions(base, Method.DISTILL),
                src, tgt, teacher, srcTest, tgtTest, floatCheckpoint);
        save("student-distill", student);
        gapRow("distill", "float", floatRow("distill", student, srcTest, tgtTest).accuracy(), gap);
        chart(curve, adaptCurve);

        // Post-training quantization of the adapted float student: the baseline that QAT-DA is measured against.
        Dataset calib = src.sample(Math.min(256, src.size()), s.seed + 2);
        for (Precision p : List.of(Precision.FX16, Precision.MIXED, Precision.FX8)) {
            QNetwork q = ModelQuantizer.quantize(student, p, calib);
            double at = fixedRows("distill", p, q, srcTest, tgtTest, false).accuracy();
            gapRow("distill", p.name(), at, gap);
            if (p == Precision.FX16) {
                for (QuantError.Row r : QuantError.rows(ModelQuantizer.fold(student), q, srcTest.sample(Math.min(32, srcTest.size()), 3))) {
                    report.quant(QuantRow.of(r.layer(), r.type(), r.maxAbs(), r.meanAbs(), r.stats()));
                }
            }
        }

        // QAT-DA: the adapted student quantized and trained on the same adaptation objective through the bit-exact
        // forward. Each precision resumes from the float adaptation's last checkpoint, so the float phase runs once.
        QNetwork deployed = null;
        for (Precision p : List.of(Precision.FX8, Precision.FX16)) {
            OdeNetModel m = ModelFile.load(out.resolve("models/student-source-only.dsod")).model();
            QNetwork q = qatDa(m, p, adaptOptions(base, Method.DISTILL), teacher, floatCheckpoint, src, tgt);
            Evaluation et = fixedRows(QAT_DA, p, q, srcTest, tgtTest, true);
            gapRow(QAT_DA, p.name(), et.accuracy(), gap);
            if (p == Precision.FX16) {
                deployed = q;
                report.confusion(ConfusionMatrix.ofDigits(s.target + " \u00B7 " + QAT_DA + " \u00B7 fx16 (exported)",
                        et.confusion()));
                ModelFile.save(out.resolve("models/student-distill-fx16.dsod"), m, q, new JsonObject());
            } else {
                ModelFile.save(out.resolve("models/student-distill-" + p.name() + ".dsod"), m, q, new JsonObject());
            }
        }

        HlsOptions opt = new HlsOptions("dsodenet_top", Part.ZCU104, 5, WeightMode.RUNTIME, false, true);
        Path hls = HlsCommands.export(deployed, opt, out.resolve("hls"), tgtTest, s.tbImages);
        ResourceEstimate est = ResourceEstimator.estimate(HlsProjectGenerator.deployed(deployed, opt), opt.part(), opt.clockNs());
        report.resources(ResourceBlock.of(est));
        String include = s.apInclude != null ? s.apInclude : "host";
        String skipped = missingTools.map(m -> "skipped: " + m).orElse(null);
        CSim.Result r = skipped != null ? new CSim.Result(-1, 0, 0, skipped) : CSim.run(hls, include);
        boolean exact = r.compared() > 0 && r.mismatches() == 0;
        if (skipped != null) {
            step("HLS C simulation %s", skipped);
        } else {
            step("HLS C simulation (g++, %s ap_fixed): %d values compared, %d mismatches", include.equals("host")
                    ? "dsodenet host model of" : "Xilinx", r.compared(), r.mismatches());
        }
        report.bitExact(new BitExactResult(Math.max(0, r.compared()), Math.max(0, r.mismatches()),
                "make -C " + hls + " csim", skipped != null ? "C simulation " + skipped
                        : r.compared() < 0 ? "C simulation did not finish: " + r.log() : r.log()));

        ParamReport pr = ParamReport.of(dsCfg);
        ParamReport ode = ParamReport.of(dsCfg.withArch(Arch.ODENET));
        ParamReport studentParams = ParamReport.of(cfg);
        List<ParamRow> rows = new ArrayList<>();
        for (ParamReport.Row row : studentParams.rows()) {
            rows.add(new ParamRow(row.layer(), ParamGroup.valueOf(row.group().name()), row.params()));
        }
        boolean ds = s.arch == Arch.DSODENET;
        report.params(new ParamTable(rows, (ds ? "ODENet" : "dsODENet") + " of the same shape (all layers)",
                (ds ? ode : pr).total()));

        double seconds = (System.nanoTime() - t0) / 1e9;
        JsonObject sum = new JsonObject();
        sum.addProperty("source", s.source);
        sum.addProperty("target", s.target);
        sum.addProperty("seed", s.seed);
        sum.addProperty("augment", s.augment.id());
        sum.add("config", cfg.toJson());
        sum.add("accuracy", accJson);
        JsonObject params = new JsonObject();
        params.addProperty("student", studentParams.total());
        params.addProperty("dsodenetTotal", ParamReport.of(dsCfg).total());
        params.addProperty("dsodenetWithoutPrePost", pr.withoutPrePost());
        params.addProperty("odenetWithoutPrePost", ode.withoutPrePost());
        params.addProperty("reductionVsOdenet", pr.reductionVsOdenet());
        params.addProperty("odeGroup", pr.byGroup().get(Group.ODE));
        sum.add("params", params);
        sum.add("gap", gapJson(gap));
        JsonObject be = new JsonObject();
        be.addProperty("images", s.tbImages);
        be.addProperty("apFixed", include.equals("host") ? "dsodenet host model" : include);
        be.addProperty("valuesCompared", r.compared());
        be.addProperty("mismatches", r.mismatches());
        be.addProperty("passed", exact);
        if (skipped != null) {
            be.addProperty("skipped", missingTools.get());
        }
        sum.add("bitExact", be);
        JsonObject hw = new JsonObject();
        hw.addProperty("part", est.part().name());
        hw.addProperty("bram18", est.bram18());
        hw.addProperty("uram", est.uram());
        hw.addProperty("dsp", est.dsp());
        hw.addProperty("cycles", est.cycles());
        hw.addProperty("odePartFits", est.odePartFits());
        sum.add("estimate", hw);
        sum.addProperty("seconds", seconds);
        // serializeNulls: a share of no gap is written as null, as documented, not left out
        AtomicFile.write(out.resolve("summary.json"),
                (new GsonBuilder().serializeNulls().setPrettyPrinting().create().toJson(sum) + "\n").getBytes(UTF_8));
        report.meta("seconds", String.format(Locale.ROOT, "%.0f", seconds));
        accuracy.forEach(report::accuracy);
        gaps.forEach(report::gap);
        HtmlReport.write(report.build(), out.resolve("report.html"));

        log.println();
        int w = Math.max(s.source.length(), s.target.length()); // data paths can be long; keep the columns aligned
        String row = "%-" + w + "s  %-30s %-8s %8.2f%%%n";
        log.printf("%-" + w + "s  %-30s %-8s %9s%n", "domain", "method", "numbers", "accuracy");
        for (AccuracyRow a : accuracy) {
            log.printf(Locale.ROOT, row, a.domain(), a.method(), a.precision(), 100 * a.accuracy());
        }
        log.printf(Locale.ROOT, "%s gap, source-only %.2f%% to target oracle %.2f%%, closed by:%n", s.target,
                100 * gap.sourceOnly(), 100 * gap.oracle());
        for (GapRow g : gaps) {
            log.printf(Locale.ROOT, "  %-30s %-8s %8.2f%% %8s%n", g.method(), g.precision(), 100 * g.accuracy(),
                    g.closedLabel());
        }
        log.printf(Locale.ROOT, "parameters: dsODENet %d (%d without pre/post), ODENet same shape %d without pre/post: %.1f%% fewer%n",
                pr.total(), pr.withoutPrePost(), ode.withoutPrePost(), 100 * pr.reductionVsOdenet());
        if (skipped != null) {
            log.printf("bit-exact HLS check: %s%n", skipped);
        } else {
            log.printf("bit-exact HLS check: %d values compared, %d mismatches%n", r.compared(), r.mismatches());
        }
        log.printf(Locale.ROOT, "wrote %s, %s, %s (%.0f s)%n", out.resolve("summary.json"), out.resolve("report.html"), hls, seconds);
        return exact || skipped != null ? 0 : 1;
    }

    /** The adaptation's schedule (epochs and learning rate), shared by distillation and the oracle. */
    private TrainOptions adaptOptions(TrainOptions base, Method m) {
        return base.withEpochs(s.adaptEpochs).withMethod(m).withLr(0.003);
    }

    /**
     * The oracle's options: the adaptation's schedule on the target's labeled images as they are. The augmentation
     * randomises the source domain so that it covers the target; applied to the target's own images it only moves
     * them away from the test set, and the oracle, so handicapped, measured below the adapted student (no ceiling).
     */
    static TrainOptions oracleOptions(TrainOptions adaptation) {
        return adaptation.withAugment(Augmentation.NONE);
    }

    private void gapRow(String method, String precision, double targetAccuracy, GapClosure gap) {
        gaps.add(new GapRow(s.target, method, precision, targetAccuracy, gap));
    }

    /**
     * Both ends of the gap and every adapted model's share of it, the share null when there is no gap to share
     * ({@link GapClosure#MIN_GAP}); the ends are float accuracies, so a quantized model's share includes what
     * quantization lost.
     */
    private JsonObject gapJson(GapClosure gap) {
        JsonObject g = new JsonObject();
        g.addProperty("sourceOnly", gap.sourceOnly());
        g.addProperty("oracle", gap.oracle());
        g.addProperty("minGap", GapClosure.MIN_GAP);
        JsonArray closed = new JsonArray();
        for (GapRow r : gaps) {
            JsonObject o = new JsonObject();
            o.addProperty("method", r.method());
            o.addProperty("precision", r.precision());
            o.addProperty("accuracy", r.accuracy());
            OptionalDouble c = gap.closed(r.accuracy());
            if (c.isPresent()) {
                o.addProperty("closed", c.getAsDouble());
            } else {
                o.add("closed", JsonNull.INSTANCE);
            }
            closed.add(o);
        }
        g.add("closed", closed);
        return g;
    }

    private List<Map<String, Double>> train(String name, OdeNetModel m, TrainOptions o, Dataset src, Dataset tgt,
                                            OdeNetModel teacher, Dataset srcTest, Dataset tgtTest) {
        return train(name, m, o, src, tgt, teacher, srcTest, tgtTest, null);
    }

    /**
     * QAT-DA of {@code m} (a fresh copy of the source-only student) at precision {@code p}: resuming from the float
     * adaptation's checkpoint at its last epoch restores the adapted float student without training it again;
     * then {@link #QAT_DA_EPOCHS} quantized epochs. Each precision works on its own copy of the checkpoint, which
     * its quantized epochs overwrite.
     */
    private QNetwork qatDa(OdeNetModel m, Precision p, TrainOptions o, OdeNetModel teacher, Path floatCheckpoint,
                           Dataset src, Dataset tgt) {
        String name = "student-qat-da-" + p.name();
        Path ck = out.resolve("checkpoints/" + name + ".ckpt");
        try {
            AtomicFile.write(ck, Files.readAllBytes(floatCheckpoint));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + floatCheckpoint + ": " + e.getMessage(), e);
        }
        step("QAT-DA at %s (%d epochs of %s on the bit-exact forward)", p.name(), QAT_DA_EPOCHS, o.method().id());
        QatDaOptions q = new QatDaOptions(LayerPrecisions.uniform(p), QAT_DA_EPOCHS, 1e-3, 256);
        return new QuantizedAdaptation(m, o, teacher, s.objectives, q).fit(src, tgt, ck, true,
                new MetricsLog(out.resolve("metrics"), name), log, null, null);
    }

    /** Adds the bit-exact fixed-point rows of {@code q}; returns its evaluation on the target. */
    private Evaluation fixedRows(String method, Precision p, QNetwork q, Dataset srcTest, Dataset tgtTest,
                                 boolean headline) {
        double as = Evaluator.fixed(q, srcTest).accuracy();
        Evaluation et = Evaluator.fixed(q, tgtTest);
        add(s.source, method, p.name(), as, false);
        add(s.target, method, p.name(), et.accuracy(), headline);
        step("%s fixed %s: %s %.2f%%, %s %.2f%% (bit-exact Java forward)", method, p.name(), s.source, 100 * as,
                s.target, 100 * et.accuracy());
        return et;
    }

    private List<Map<String, Double>> train(String name, OdeNetModel m, TrainOptions o, Dataset src, Dataset tgt,
                                            OdeNetModel teacher, Dataset srcTest, Dataset tgtTest, Path checkpoint) {
        // The target objectives belong to the adaptation; the baselines train without them.
        return train(name, m, o, o.method() == Method.DISTILL ? s.objectives : TargetObjectives.none(), src, tgt,
                teacher, srcTest, tgtTest, checkpoint);
    }

    private List<Map<String, Double>> train(String name, OdeNetModel m, TrainOptions o, TargetObjectives objectives,
                                            Dataset src, Dataset tgt, OdeNetModel teacher, Dataset srcTest,
                                            Dataset tgtTest, Path checkpoint) {
        step("training %s (%s%s, %d epochs)", name, o.method().id(),
                objectives.id().isEmpty() ? "" : " + " + objectives.id(), o.epochs());
        MetricsLog metrics = new MetricsLog(out.resolve("metrics"), name);
        new DomainTrainer(m, o, teacher, objectives).fit(src, tgt, checkpoint, false, metrics, log, e -> {
            Map<String, Double> r = new LinkedHashMap<>();
            r.put("source_test_acc", Evaluator.floatModel(m, srcTest).accuracy());
            r.put("target_test_acc", Evaluator.floatModel(m, tgtTest).accuracy());
            return r;
        });
        List<Map<String, Double>> rows = new ArrayList<>();
        metrics.epochs().forEach(r -> rows.add(r.values()));
        return rows;
    }

    private void chart(List<Map<String, Double>> before, List<Map<String, Double>> after) {
        List<Map<String, Double>> all = new ArrayList<>(before);
        all.addAll(after);
        double[] loss = all.stream().mapToDouble(m -> m.get("loss")).toArray();
        double[] sa = all.stream().mapToDouble(m -> m.get("source_test_acc")).toArray();
        double[] ta = all.stream().mapToDouble(m -> m.get("target_test_acc")).toArray();
        report.chart(new Chart("student training loss (source-only, then distillation)", "epoch", "loss",
                List.of(Series.ofY("training loss", loss))));
        report.chart(new Chart("student test accuracy", "epoch", "accuracy",
                List.of(Series.ofY(s.source + " test", sa), Series.ofY(s.target + " test", ta))));
    }

    /** Adds the float accuracy rows of {@code m}; returns its evaluation on the target, confusion matrix included. */
    private Evaluation floatRow(String method, OdeNetModel m, Dataset srcTest, Dataset tgtTest) {
        double a = Evaluator.floatModel(m, srcTest).accuracy();
        Evaluation t = Evaluator.floatModel(m, tgtTest);
        add(s.source, method, "float", a, false);
        add(s.target, method, "float", t.accuracy(), method.equals("distill") || method.equals("source-only")
                || method.equals(ORACLE));
        step("%s float: %s %.2f%%, %s %.2f%%", method, s.source, 100 * a, s.target, 100 * t.accuracy());
        return t;
    }

    private void add(String domain, String method, String precision, double acc, boolean headline) {
        AccuracyRow row = new AccuracyRow(domain, method, precision, acc);
        accuracy.add(headline ? row.asHeadline() : row);
        JsonObject o = new JsonObject();
        o.addProperty("domain", domain);
        o.addProperty("method", method);
        o.addProperty("precision", precision);
        o.addProperty("accuracy", acc);
        accJson.add(o);
    }

    private void save(String name, OdeNetModel m) {
        ModelFile.save(out.resolve("models/" + name + ".dsod"), m, null, new JsonObject());
    }

    private void step(String fmt, Object... args) {
        log.printf(Locale.ROOT, "[demo] " + fmt + "%n", args);
        log.flush();
    }
}
