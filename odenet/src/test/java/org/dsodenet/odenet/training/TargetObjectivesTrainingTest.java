package org.dsodenet.odenet.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.Datasets;
import org.dsodenet.data.transform.Transforms;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.norm.BatchNorm2d;
import org.dsodenet.train.MetricsLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The label-free target objectives inside real (tiny) training runs: MNIST source, UCI digits target, 14x14. */
class TargetObjectivesTrainingTest {
    private static final ModelConfig TINY = ModelConfig.defaults(Arch.DSODENET).withChannels(new int[] {4, 8, 8})
            .withSteps(2, 0.5).withInput(1, 14, 10);
    private static final TargetObjectives ALL = new TargetObjectives(true, 0.5, 0.5, 0.2);
    private static Dataset source;
    private static Dataset target;
    private static Dataset permuted;

    @TempDir
    Path dir;

    @BeforeAll
    static void data() {
        source = Transforms.match(Datasets.load("mnist"), 1, 14, 14).sample(96, 1);
        target = Transforms.match(Datasets.load("uci-digits"), 1, 14, 14, 2).sample(80, 3);
        // Same images, every label changed: (y + 1 + i) mod 10 is never y.
        int[] y = target.labels();
        for (int i = 0; i < y.length; i++) {
            y[i] = (y[i] + 1 + i % 9) % 10;
        }
        permuted = Dataset.of(target.name(), target.images(), y, 1, 14, 14, 10);
    }

    private static TrainOptions opts(int epochs, Method m) {
        return new TrainOptions(epochs, 16, "adam", 0.01, 1e-4, 11, m, 1.0, 4.0, 0.5, 0);
    }

    private static OdeNetModel run(Method m, TargetObjectives obj, Dataset tgt, OdeNetModel teacher) {
        OdeNetModel s = OdeNetModel.create(TINY, 6);
        new DomainTrainer(s, opts(2, m).withFreezeBnEpochs(1), teacher, obj).fit(source, tgt, null, false, null, null, null);
        return s;
    }

    @Test
    void targetLabelsDoNotChangeOneBitOfTheWeights() {
        OdeNetModel teacher = OdeNetModel.create(TINY, 5);
        Map<Method, List<TargetObjectives>> cases = Map.of(
                Method.DISTILL, List.of(TargetObjectives.none(), ALL),
                Method.SOURCE_ONLY, List.of(ALL, new TargetObjectives(false, 0, 1, 0.15)),
                Method.MMD, List.of(new TargetObjectives(true, 1, 0, 0.9)),
                Method.DANN, List.of(new TargetObjectives(false, 0.3, 0.3, 0.1)));
        for (var c : cases.entrySet()) {
            for (TargetObjectives obj : c.getValue()) {
                OdeNetModel a = run(c.getKey(), obj, target, c.getKey() == Method.DISTILL ? teacher : null);
                OdeNetModel b = run(c.getKey(), obj, permuted, c.getKey() == Method.DISTILL ? teacher : null);
                assertSameState(a, b, c.getKey().id() + " with " + obj.id());
            }
        }
    }

    @Test
    void eachObjectiveChangesTraining() {
        OdeNetModel plain = run(Method.SOURCE_ONLY, TargetObjectives.none(), target, null);
        for (TargetObjectives obj : List.of(new TargetObjectives(false, 1, 0, 0.9),
                new TargetObjectives(false, 0, 1, 0.1), new TargetObjectives(true, 0, 0, 0.9))) {
            OdeNetModel with = run(Method.SOURCE_ONLY, obj, target, null);
            boolean differs = false;
            for (int i = 0; i < plain.batchNorms().size(); i++) {
                differs |= !Arrays.equals(plain.batchNorms().get(i).runningMean(), with.batchNorms().get(i).runningMean());
            }
            if (!obj.adaBn()) {
                differs = !Arrays.equals(plain.params().get(0).value(), with.params().get(0).value());
            }
            assertTrue(differs, obj.id() + " changed nothing");
        }
    }

    @Test
    void pseudoLabelsAreRefreshedEveryEpochAndReported() {
        MetricsLog log = new MetricsLog(dir, "pl");
        new DomainTrainer(OdeNetModel.create(TINY, 6), opts(2, Method.SOURCE_ONLY), null,
                new TargetObjectives(false, 0, 1, 0.12)).fit(source, target, null, false, log, null, null);
        List<MetricsLog.Row> rows = log.epochs();
        double first = rows.get(0).values().get("pseudo_labeled");
        double second = rows.get(1).values().get("pseudo_labeled");
        assertTrue(first >= 0 && first <= 1 && second >= 0 && second <= 1, first + " " + second);
        assertFalse(first == second, "the student after one epoch labels other images than the fresh one: " + first);
    }

    @Test
    void resumedRunEqualsUninterruptedRunWithEveryObjective() {
        OdeNetModel full = OdeNetModel.create(TINY, 4);
        new DomainTrainer(full, opts(2, Method.MMD).withFreezeBnEpochs(1), null, ALL)
                .fit(source, target, null, false, null, null, null);
        Path ck = dir.resolve("ck.bin");
        assertThrows(IllegalStateException.class, () -> new DomainTrainer(OdeNetModel.create(TINY, 4),
                opts(2, Method.MMD).withFreezeBnEpochs(1), null, ALL).fit(source, target, ck, false, null, null, e -> {
                    if (e == 1) {
                        throw new IllegalStateException("killed");
                    }
                    return Map.of();
                }));
        OdeNetModel resumed = OdeNetModel.create(TINY, 99);
        new DomainTrainer(resumed, opts(2, Method.MMD).withFreezeBnEpochs(1), null, ALL)
                .fit(source, target, ck, true, null, null, null);
        assertSameState(full, resumed, "resumed");
        // The checkpoint identifies the target by its images: relabeled target data resumes to the same weights.
        OdeNetModel relabeled = OdeNetModel.create(TINY, 98);
        new DomainTrainer(relabeled, opts(2, Method.MMD).withFreezeBnEpochs(1), null, ALL)
                .fit(source, permuted, ck, true, null, null, null);
        assertSameState(full, relabeled, "resumed on relabeled target");
        // Other objectives do not resume this checkpoint.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DomainTrainer(
                OdeNetModel.create(TINY, 4), opts(2, Method.MMD), null, TargetObjectives.none())
                .fit(source, target, ck, true, null, null, null));
        assertEquals("checkpoint " + ck + " was made with target objectives im 0.5, pseudo 0.5 at 0.2, adabn, "
                + "this run uses (none)", e.getMessage());
    }

    @Test
    void objectivesWithoutTargetImagesOrWithBadValuesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DomainTrainer(
                OdeNetModel.create(TINY, 1), opts(1, Method.SOURCE_ONLY), null, new TargetObjectives(true, 0, 0, 0.9))
                .fit(source, null, null, false, null, null, null));
        assertEquals("adabn needs unlabeled target images", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TargetObjectives(false, -1, 0, 0.9));
        assertEquals("--im-weight must be a finite number >= 0, got -1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TargetObjectives(false, 0, Double.NaN, 0.9));
        assertEquals("--pseudo-weight must be a finite number >= 0, got NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TargetObjectives(false, 0, 1, 1));
        assertEquals("--pseudo-threshold must be in [0, 1), got 1.0", e.getMessage());
    }

    private static void assertSameState(OdeNetModel a, OdeNetModel b, String what) {
        List<Param> pa = a.params();
        List<Param> pb = b.params();
        for (int i = 0; i < pa.size(); i++) {
            assertArrayEquals(pa.get(i).value(), pb.get(i).value(), what + ": " + pa.get(i).name());
        }
        for (int i = 0; i < a.batchNorms().size(); i++) {
            BatchNorm2d x = a.batchNorms().get(i);
            BatchNorm2d y = b.batchNorms().get(i);
            assertArrayEquals(x.runningMean(), y.runningMean(), what + ": " + x.name());
            assertArrayEquals(x.runningVar(), y.runningVar(), what + ": " + x.name());
        }
    }
}
