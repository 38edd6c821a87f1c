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
import org.dsodenet.data.transform.Augmentation;
import org.dsodenet.data.transform.Transforms;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.dsodenet.train.Seeds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training with {@code --augment}: deterministic, resumable, and recorded in checkpoints. */
class AugmentedTrainingTest {
    private static final ModelConfig TINY = ModelConfig.defaults(Arch.DSODENET).withChannels(new int[] {4, 8, 8})
            .withSteps(2, 0.5).withInput(1, 14, 10);
    private static Dataset source;
    private static Dataset target;

    @TempDir
    Path dir;

    @BeforeAll
    static void data() {
        source = Transforms.match(Datasets.load("mnist"), 1, 14, 14).head(96);
        target = Transforms.match(Datasets.load("uci-digits"), 1, 14, 14, 2).head(64);
    }

    private static TrainOptions opts(int epochs, Method m, Augmentation a) {
        return new TrainOptions(epochs, 32, "adam", 0.01, 1e-4, 11, m, 1.0, 4.0, 0.5, 0).withAugment(a);
    }

    private static OdeNetModel trained(TrainOptions o, Path ck, boolean resume) {
        OdeNetModel m = OdeNetModel.create(TINY, 3);
        new DomainTrainer(m, o, null).fit(source, o.method().usesTarget() ? target : null, ck, resume, null, null, null);
        return m;
    }

    @Test
    void augmentedBatchesAreTheImagesAugmentedWithTheirOwnSeed() {
        TrainOptions o = opts(1, Method.SOURCE_ONLY, Augmentation.DIGITS);
        int[] idx = {5, 17, 2};
        Tensor x = DomainTrainer.augmented(DomainTrainer.batch(source, idx), idx, o, 4);
        int per = source.imageSize();
        for (int i = 0; i < idx.length; i++) {
            float[] want = source.image(idx[i]);
            Augmentation.DIGITS.apply(want, 0, 1, 14, 14, Seeds.derive(11, Seeds.AUGMENT, 4, idx[i]));
            assertArrayEquals(want, Arrays.copyOfRange(x.data(), i * per, (i + 1) * per), "image " + idx[i]);
        }
        assertEquals(Shape.nchw(3, 1, 14, 14), x.shape());
        Tensor plain = DomainTrainer.batch(source, idx);
        assertArrayEquals(plain.data(), DomainTrainer.augmented(DomainTrainer.batch(source, idx), idx,
                opts(1, Method.SOURCE_ONLY, Augmentation.NONE), 4).data());
    }

    @Test
    void augmentedTrainingIsDeterministicAndDiffersFromPlainTraining() {
        OdeNetModel a = trained(opts(1, Method.MMD, Augmentation.DIGITS), null, false);
        OdeNetModel b = trained(opts(1, Method.MMD, Augmentation.DIGITS), null, false);
        OdeNetModel plain = trained(opts(1, Method.MMD, Augmentation.NONE), null, false);
        assertSameParams(a, b);
        assertFalse(Arrays.equals(a.params().get(0).value(), plain.params().get(0).value()));
    }

    @Test
    void resumedAugmentedRunEqualsUninterruptedRun() {
        TrainOptions o = opts(2, Method.SOURCE_ONLY, Augmentation.DIGITS).withFreezeBnEpochs(1);
        OdeNetModel full = trained(o, null, false);
        Path ck = dir.resolve("ck.bin");
        OdeNetModel first = OdeNetModel.create(TINY, 3);
        assertThrows(IllegalStateException.class, () -> new DomainTrainer(first, o, null).fit(source, null, ck, false,
                null, null, e -> {
                    if (e == 1) {
                        throw new IllegalStateException("killed");
                    }
                    return Map.of();
                }));
        assertSameParams(full, trained(o, ck, true));
    }

    @Test
    void aCheckpointIsResumedOnlyWithItsOwnAugmentation() {
        Path ck = dir.resolve("ck.bin");
        trained(opts(1, Method.SOURCE_ONLY, Augmentation.DIGITS), ck, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trained(opts(2, Method.SOURCE_ONLY, Augmentation.NONE), ck, true));
        assertTrue(e.getMessage().endsWith("was trained with --augment digits, this run uses none"), e.getMessage());
        Path plain = dir.resolve("plain.bin");
        trained(opts(1, Method.SOURCE_ONLY, Augmentation.NONE), plain, false);
        e = assertThrows(IllegalArgumentException.class,
                () -> trained(opts(2, Method.SOURCE_ONLY, Augmentation.DIGITS), plain, true));
        assertTrue(e.getMessage().endsWith("was trained with --augment none, this run uses digits"), e.getMessage());
    }

    private static void assertSameParams(OdeNetModel a, OdeNetModel b) {
        List<Param> pa = a.params();
        List<Param> pb = b.params();
        for (int i = 0; i < pa.size(); i++) {
            assertArrayEquals(pa.get(i).value(), pb.get(i).value(), pa.get(i).name());
        }
    }
}
