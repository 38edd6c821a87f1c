package org.dsodenet.odenet.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.Datasets;
import org.dsodenet.data.Split;
import org.dsodenet.data.transform.Transforms;
import org.dsodenet.odenet.eval.Evaluator;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.norm.BatchNorm2d;
import org.dsodenet.ops.parallel.Parallel;
import org.dsodenet.train.Checkpoint;
import org.dsodenet.train.MetricsLog;
import org.dsodenet.train.TrainingState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short real training runs on a small MNIST subset at 14x14 with a tiny dsODENet. */
class DomainTrainerTest {
    private static final ModelConfig TINY = ModelConfig.defaults(Arch.DSODENET).withChannels(new int[] {4, 8, 8})
            .withSteps(2, 0.5).withInput(1, 14, 10);
    private static Dataset train;
    private static Dataset test;
    private static Dataset target;

    @TempDir
    Path dir;

    @BeforeAll
    static void data() {
        Dataset mnist = Transforms.match(Datasets.load("mnist"), 1, 14, 14);
        Split s = mnist.split(0.8, 5);
        train = s.train().sample(600, 1);
        test = s.test().sample(300, 2);
        target = Transforms.match(Datasets.load("uci-digits"), 1, 14, 14, 2).sample(128, 3);
    }

    private static TrainOptions opts(int epochs, Method m) {
        return new TrainOptions(epochs, 32, "adam", 0.01, 1e-4, 11, m, 1.0, 4.0, 0.5, 0);
    }

    @Test
    void shortRunLearns() {
        OdeNetModel m = OdeNetModel.create(TINY, 3);
        double before = Evaluator.floatModel(m, test).accuracy();
        MetricsLog log = new MetricsLog(dir, "t");
        new DomainTrainer(m, opts(6, Method.SOURCE_ONLY).withBatchSize(16), null).fit(train, null, null, false, log, null, null);
        double after = Evaluator.floatModel(m, test).accuracy();
        List<MetricsLog.Row> rows = log.epochs();
        assertEquals(6, rows.size());
        assertTrue(rows.get(5).values().get("loss") < rows.get(0).values().get("loss") * 0.8,
                "loss did not fall: " + rows);
        assertTrue(after > 0.5, "test accuracy " + after + " (chance 0.1, before training " + before + ")");
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAcrossThreadCounts() {
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            OdeNetModel a = OdeNetModel.create(TINY, 3);
            new DomainTrainer(a, opts(1, Method.MMD), null).fit(train.head(128), target, null, false, null, null, null);
            Parallel.setThreads(2);
            OdeNetModel b = OdeNetModel.create(TINY, 3);
            new DomainTrainer(b, opts(1, Method.MMD), null).fit(train.head(128), target, null, false, null, null, null);
            assertSameState(a, b);
            OdeNetModel c = OdeNetModel.create(TINY, 3);
            new DomainTrainer(c, opts(1, Method.MMD).withSeed(12), null).fit(train.head(128), target, null, false, null, null, null);
            assertFalse(Arrays.equals(a.params().get(0).value(), c.params().get(0).value()), "another seed, other batches");
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void resumedRunEqualsUninterruptedRun() {
        Dataset small = train.head(160);
        OdeNetModel full = OdeNetModel.create(TINY, 4);
        new DomainTrainer(full, opts(2, Method.SOURCE_ONLY).withFreezeBnEpochs(1), null).fit(small, null, null, false, null, null, null);

        Path ck = dir.resolve("ck.bin");
        OdeNetModel first = OdeNetModel.create(TINY, 4);
        // Killed during the second epoch: the hook runs before that epoch's checkpoint, so only epoch 1 is saved.
        assertThrows(IllegalStateException.class, () -> new DomainTrainer(first, opts(2, Method.SOURCE_ONLY).withFreezeBnEpochs(1), null)
                .fit(small, null, ck, false, null, null, e -> {
                    if (e == 1) {
                        throw new IllegalStateException("killed");
                    }
                    return java.util.Map.of();
                }));
        // A new process: fresh weights, everything comes back from the checkpoint written after epoch 1.
        OdeNetModel resumed = OdeNetModel.create(TINY, 99);
        new DomainTrainer(resumed, opts(2, Method.SOURCE_ONLY).withFreezeBnEpochs(1), null).fit(small, null, ck, true, null, null, null);
        assertSameState(full, resumed);
    }

    @Test
    void resumingFromAMissingCheckpointIsRefused() {
        OdeNetModel m = OdeNetModel.create(TINY, 4);
        float[] before = m.params().get(0).value().clone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DomainTrainer(m,
                opts(1, Method.SOURCE_ONLY), null).fit(train.head(64), null, dir.resolve("none.ckpt"), true, null, null, null));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertArrayEquals(before, m.params().get(0).value(), "no training happened");
    }

    @Test
    void resumingOnOtherDataIsRefusedNamingBoth() {
        Path ck = dir.resolve("ck.bin");
        new DomainTrainer(OdeNetModel.create(TINY, 4), opts(1, Method.SOURCE_ONLY), null)
                .fit(train.head(96), null, ck, false, null, null, null);
        OdeNetModel m = OdeNetModel.create(TINY, 5);
        float[] before = m.params().get(0).value().clone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DomainTrainer(m,
                opts(2, Method.SOURCE_ONLY), null).fit(train.head(64), null, ck, true, null, null, null));
        assertTrue(e.getMessage().contains("96 images") && e.getMessage().contains("64 images"), e.getMessage());
        assertArrayEquals(before, m.params().get(0).value(), "a refused checkpoint is not loaded");
        // Same size, other images: the digest tells them apart.
        e = assertThrows(IllegalArgumentException.class, () -> new DomainTrainer(m, opts(2, Method.SOURCE_ONLY), null)
                .fit(train.sample(96, 9), null, ck, true, null, null, null));
        assertTrue(e.getMessage().contains("source data"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DomainTrainer(m, opts(2, Method.MMD), null)
                .fit(train.head(96), target, ck, true, null, null, null));
        assertTrue(e.getMessage().contains("method source-only, this run uses mmd"), e.getMessage());
    }

    @Test
    void resumingAFinishedRunWithFewerEpochsIsRefused() {
        Path ck = dir.resolve("ck.bin");
        OdeNetModel done = OdeNetModel.create(TINY, 4);
        new DomainTrainer(done, opts(2, Method.SOURCE_ONLY), null).fit(train.head(64), null, ck, false, null, null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DomainTrainer(
                OdeNetModel.create(TINY, 5), opts(1, Method.SOURCE_ONLY), null).fit(train.head(64), null, ck, true, null,
                null, null));
        assertTrue(e.getMessage().contains("already trained 2 epochs"), e.getMessage());
        // At exactly its epochs a checkpoint resumes to the finished model, with no further training.
        OdeNetModel again = OdeNetModel.create(TINY, 5);
        new DomainTrainer(again, opts(2, Method.SOURCE_ONLY), null).fit(train.head(64), null, ck, true, null, null, null);
        assertSameState(done, again);
    }

    @Test
    void checkpointsWithoutDataIdentityAreRefusedClearly() {
        Path ck = dir.resolve("old.bin");
        OdeNetModel m = OdeNetModel.create(TINY, 4);
        List<Param> tensors = new java.util.ArrayList<>(m.params());
        for (BatchNorm2d bn : m.batchNorms()) {
            tensors.add(Checkpoint.buffer(bn.name() + ".running_mean", bn.runningMean()));
            tensors.add(Checkpoint.buffer(bn.name() + ".running_var", bn.runningVar()));
        }
        Checkpoint.save(ck, tensors, new TrainingState(1, 0, 11, null, java.util.Map.of("method", "source-only")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DomainTrainer(m,
                opts(2, Method.SOURCE_ONLY), null).fit(train.head(64), null, ck, true, null, null, null));
        assertTrue(e.getMessage().contains("does not record its training data"), e.getMessage());
    }

    @Test
    void frozenEpochsKeepTheBatchNormStatisticsAndStillTrain() {
        OdeNetModel m = OdeNetModel.create(TINY, 7);
        List<BatchNorm2d> bns = m.batchNorms();
        float[][] afterFirst = new float[bns.size()][];
        float[][] gammaAfterFirst = new float[bns.size()][];
        new DomainTrainer(m, opts(3, Method.SOURCE_ONLY).withFreezeBnEpochs(2), null).fit(train.head(128), null, null,
                false, null, null, e -> {
                    if (e == 0) {
                        for (int i = 0; i < bns.size(); i++) {
                            afterFirst[i] = bns.get(i).runningVar().clone();
                            gammaAfterFirst[i] = bns.get(i).gamma().value().clone();
                        }
                    }
                    return java.util.Map.of();
                });
        for (int i = 0; i < bns.size(); i++) {
            assertArrayEquals(afterFirst[i], bns.get(i).runningVar(), bns.get(i).name() + " statistics moved while frozen");
            assertFalse(Arrays.equals(gammaAfterFirst[i], bns.get(i).gamma().value()), bns.get(i).name() + " gamma did not train");
            assertFalse(bns.get(i).frozen(), "fit leaves the batch norms unfrozen");
        }
        assertThrows(IllegalArgumentException.class, () -> opts(2, Method.SOURCE_ONLY).withFreezeBnEpochs(3));
    }

    @Test
    void everyAdaptationMethodRuns() {
        OdeNetModel teacher = OdeNetModel.create(TINY, 5);
        for (Method m : List.of(Method.MMD, Method.CORAL, Method.DISTILL, Method.DANN)) {
            OdeNetModel s = OdeNetModel.create(TINY, 6);
            float[] before = s.params().get(0).value().clone();
            MetricsLog log = new MetricsLog(dir, m.id());
            new DomainTrainer(s, opts(1, m), teacher).fit(train.head(64), target, null, false, log, null, null);
            assertFalse(Arrays.equals(before, s.params().get(0).value()), m.id() + " changed no weight");
            assertTrue(Double.isFinite(log.epochs().get(0).values().get("loss")), m.id());
        }
        assertThrows(IllegalArgumentException.class, () -> new DomainTrainer(OdeNetModel.create(TINY, 1),
                opts(1, Method.DISTILL), null));
        assertThrows(IllegalArgumentException.class, () -> new DomainTrainer(OdeNetModel.create(TINY, 1),
                opts(1, Method.MMD), null).fit(train.head(64), null, null, false, null, null, null));
    }

    private static void assertSameState(OdeNetModel a, OdeNetModel b) {
        List<Param> pa = a.params();
        List<Param> pb = b.params();
        for (int i = 0; i < pa.size(); i++) {
            assertArrayEquals(pa.get(i).value(), pb.get(i).value(), pa.get(i).name());
        }
        List<BatchNorm2d> ba = a.batchNorms();
        List<BatchNorm2d> bb = b.batchNorms();
        for (int i = 0; i < ba.size(); i++) {
            assertArrayEquals(ba.get(i).runningMean(), bb.get(i).runningMean(), ba.get(i).name());
            assertArrayEquals(ba.get(i).runningVar(), bb.get(i).runningVar(), ba.get(i).name());
        }
    }
}
