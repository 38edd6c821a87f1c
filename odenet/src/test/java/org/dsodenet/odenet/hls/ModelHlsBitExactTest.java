package org.dsodenet.odenet.hls;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.Datasets;
import org.dsodenet.data.transform.Transforms;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.odenet.quant.ModelQuantizer;
import org.dsodenet.odenet.training.DomainTrainer;
import org.dsodenet.odenet.training.Method;
import org.dsodenet.odenet.training.TrainOptions;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.quant.CSimBitExact;
import org.dsodenet.quant.LayerPrecisions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The project's own dsODENet and ODENet models (briefly trained, folded, calibrated and quantized by the same code
 * as {@code dsodenet quantize}) at three precisions and one per-layer mix: the generated HLS project, compiled with g++ against the host
 * ap_fixed model, reproduces every traced array of the Java fixed-point forward for 100 images.
 */
class ModelHlsBitExactTest {
    private static final ModelConfig SMALL = ModelConfig.defaults(Arch.DSODENET).withChannels(new int[] {2, 4, 4})
            .withSteps(2, 0.5).withInput(1, 14, 10).withTimeChannel(true);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {"dsodenet | fx16", "dsodenet | fx8", "dsodenet | mixed", "odenet | fx16",
        "odenet | fx8", "odenet | mixed", "dsodenet | fx8;pre.*=16,16,16;stage2.*=6,10,12;fc=16,16,16,24"})
    void everyLayerOf100ImagesIsBitExact(String arch, String precision) {
        Dataset mnist = Transforms.match(Datasets.load("mnist"), 1, 14, 14).sample(228, 9);
        Dataset train = mnist.head(128);
        Dataset images = mnist.subset(java.util.stream.IntStream.range(128, 228).toArray());
        OdeNetModel m = OdeNetModel.create(SMALL.withArch(Arch.parse(arch)), 5);
        new DomainTrainer(m, new TrainOptions(1, 32, "adam", 0.01, 0, 3, Method.SOURCE_ONLY, 1, 4, 0, 0), null)
                .fit(train, null, null, false, null, null, null);
        // "BASE;PATTERN=PRECISION;...": a default with per-layer overrides, as quantize --layer-precision takes them.
        String[] parts = precision.split(";");
        QNetwork q = ModelQuantizer.quantize(m, LayerPrecisions.parse(parts[0],
                List.of(parts).subList(1, parts.length)), train);
        long compared = CSimBitExact.compared(q, "model_top", dir.resolve("prj"), images, images.size());
        assertTrue(compared > 100L * 14 * 14 * 2 * 2, "compared " + compared);
    }
}
