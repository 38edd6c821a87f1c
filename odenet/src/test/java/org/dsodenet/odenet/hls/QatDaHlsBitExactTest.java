package org.dsodenet.odenet.hls;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.Datasets;
import org.dsodenet.data.transform.Transforms;
import org.dsodenet.odenet.io.NetworkDigest;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.odenet.quant.ModelQuantizer;
import org.dsodenet.odenet.training.Method;
import org.dsodenet.odenet.training.QatDaOptions;
import org.dsodenet.odenet.training.QuantizedAdaptation;
import org.dsodenet.odenet.training.TargetObjectives;
import org.dsodenet.odenet.training.TrainOptions;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.quant.CSimBitExact;
import org.dsodenet.quant.LayerPrecisions;
import org.dsodenet.quant.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network trained by QAT-DA ({@code adapt --precision}) is exported like any quantized one: the generated HLS
 * project, compiled with g++ against the host ap_fixed model, reproduces every traced array of the Java forward.
 */
class QatDaHlsBitExactTest {
    private static final ModelConfig SMALL = ModelConfig.defaults(Arch.DSODENET).withChannels(new int[] {2, 4, 4})
            .withSteps(2, 0.5).withInput(1, 14, 10);

    @TempDir
    Path dir;

    @Test
    void aQatDaNetworkIsBitExactInTheCSimulation() {
        Dataset mnist = Transforms.match(Datasets.load("mnist"), 1, 14, 14).sample(128, 9);
        Dataset target = Transforms.match(Datasets.load("uci-digits"), 1, 14, 14, 2).sample(80, 4);
        OdeNetModel m = OdeNetModel.create(SMALL, 5);
        TrainOptions o = new TrainOptions(1, 32, "adam", 0.01, 0, 3, Method.MMD, 1, 4, 0.5, 0);
        QatDaOptions fx8 = new QatDaOptions(LayerPrecisions.uniform(Precision.FX8), 1, 3e-3, 64);
        QuantizedAdaptation qa = new QuantizedAdaptation(m, o, null, new TargetObjectives(false, 0.3, 0, 0.9), fx8);
        QNetwork q = qa.fit(mnist, target, null, false, null, null, null, null);
        assertNotEquals(NetworkDigest.sha256(ModelQuantizer.quantize(m, fx8.precision(), qa.calibration(mnist, target))),
                NetworkDigest.sha256(q), "QAT-DA changed no raw, so this would only test post-training quantization");
        long compared = CSimBitExact.compared(q, "qatda_top", dir.resolve("prj"), target, 40);
        assertTrue(compared > 40L * 14 * 14 * 2, "compared " + compared);
    }
}
