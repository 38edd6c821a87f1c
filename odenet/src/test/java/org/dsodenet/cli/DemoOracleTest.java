package org.dsodenet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.Datasets;
import org.dsodenet.data.transform.Augmentation;
import org.dsodenet.data.transform.Transforms;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.odenet.training.DomainTrainer;
import org.dsodenet.odenet.training.Method;
import org.dsodenet.odenet.training.TrainOptions;
import org.dsodenet.ops.layer.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's target oracle is the ceiling of the gap: it trains on the target's labeled images as they are, whatever
 * {@code --augment} randomises on the source side.
 */
class DemoOracleTest {
    private static final ModelConfig TINY = ModelConfig.defaults(Arch.DSODENET).withChannels(new int[] {4, 8, 8})
            .withSteps(2, 0.5).withInput(1, 14, 10);

    @TempDir
    Path dir;

    private static TrainOptions adaptation(Augmentation a) {
        return new TrainOptions(1, 32, "adam", 0.003, 1e-4, 11, Method.SOURCE_ONLY, 1.0, 4.0, 0.5, 1).withAugment(a);
    }

    @Test
    void theOracleGetsTheSameWeightsWithOrWithoutSourceAugmentation() {
        Dataset source = Transforms.match(Datasets.load("mnist"), 1, 14, 14).head(96);
        Dataset target = Transforms.match(Datasets.load("uci-digits"), 1, 14, 14, 2).head(64);
        // The same source-only start for both, itself trained with the source-side augmentation as in the demo.
        OdeNetModel start = OdeNetModel.create(TINY, 3);
        new DomainTrainer(start, adaptation(Augmentation.DIGITS), null).fit(source, null, null, false, null, null, null);
        Path startFile = dir.resolve("student-source-only.dsod");
        ModelFile.save(startFile, start, null, new JsonObject());

        OdeNetModel withDigits = oracle(startFile, Demo.oracleOptions(adaptation(Augmentation.DIGITS)), target);
        OdeNetModel withNone = oracle(startFile, Demo.oracleOptions(adaptation(Augmentation.NONE)), target);
        List<Param> a = withDigits.params();
        List<Param> b = withNone.params();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(b.get(i).value(), a.get(i).value(), a.get(i).name());
        }
        // Guards the comparison: augmenting the target's images would have given other weights.
        OdeNetModel augmented = oracle(startFile, adaptation(Augmentation.DIGITS), target);
        assertFalse(Arrays.equals(augmented.params().get(0).value(), a.get(0).value()));
    }

    @Test
    void onlyTheAugmentationOfTheAdaptationScheduleIsChanged() {
        TrainOptions adapt = adaptation(Augmentation.DIGITS).withEpochs(1).withLr(0.003);
        assertEquals(adapt.withAugment(Augmentation.NONE), Demo.oracleOptions(adapt));
        assertEquals(Augmentation.NONE, Demo.oracleOptions(adapt).augment());
    }

    private static OdeNetModel oracle(Path start, TrainOptions o, Dataset target) {
        OdeNetModel m = ModelFile.load(start).model();
        new DomainTrainer(m, o, null).fit(target, null, null, false, null, null, null);
        return m;
    }
}
