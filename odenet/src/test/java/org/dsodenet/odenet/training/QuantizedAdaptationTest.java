package org.dsodenet.odenet.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsodenet.adapt.PseudoLabels;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.Datasets;
import org.dsodenet.data.transform.Transforms;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.odenet.io.NetworkDigest;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.odenet.quant.ModelQuantizer;
import org.dsodenet.ops.fixed.FixedForward;
import org.dsodenet.ops.fixed.LayerTrace;
import org.dsodenet.ops.fixed.kernel.LongValues;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.tensor.Tensor;
import org.dsodenet.quant.LayerPrecisions;
import org.dsodenet.quant.Precision;
import org.dsodenet.quant.Qat;
import org.dsodenet.quant.QatOptions;
import org.dsodenet.quant.Quantizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** QAT-DA on tiny real data: MNIST source, UCI digits target, 14x14, fx8. */
class QuantizedAdaptationTest {
    private static final ModelConfig TINY = ModelConfig.defaults(Arch.DSODENET).withChannels(new int[] {4, 8, 8})
            .withSteps(2, 0.5).withInput(1, 14, 10);
    private static final TargetObjectives ALL = new TargetObjectives(true, 0.5, 0.5, 0.2);
    private static final QatDaOptions FX8 = new QatDaOptions(LayerPrecisions.uniform(Precision.FX8), 2, 3e-3, 40);
    private static Dataset source;
    private static Dataset target;
    private static Dataset permuted;
    private static OdeNetModel teacher;

    @TempDir
    Path dir;

    @BeforeAll
    static void data() {
        source = Transforms.match(Datasets.load("mnist"), 1, 14, 14).sample(64, 1);
        target = Transforms.match(Datasets.load("uci-digits"), 1, 14, 14, 2).sample(48, 3);
        // Same images, every label changed: (y + 1 + i) mod 10 is never y.
        int[] y = target.labels();
        for (int i = 0; i < y.length; i++) {
            y[i] = (y[i] + 1 + i % 9) % 10;
        }
        permuted = Dataset.of(target.name(), target.images(), y, 1, 14, 14, 10);
        teacher = OdeNetModel.create(TINY, 5);
    }

    private static TrainOptions opts(int epochs, Method m) {
        return new TrainOptions(epochs, 16, "adam", 0.01, 1e-4, 11, m, 1.0, 4.0, 0.5, 1);
    }

    private static QuantizedAdaptation qa(OdeNetModel s, int epochs, Method m, TargetObjectives obj) {
        return new QuantizedAdaptation(s, opts(epochs, m), m == Method.DISTILL ? teacher : null, obj, FX8);
    }

    private static QNetwork run(Method m, TargetObjectives obj, Dataset tgt) {
        return qa(OdeNetModel.create(TINY, 6), 1, m, obj).fit(source, tgt, null, false, null, null, null, null);
    }

    @Test
    void aQatDaStepsLogitsAreTheFixedPointForwardRawForRaw() {
        OdeNetModel s = OdeNetModel.create(TINY, 6);
        new DomainTrainer(s, opts(1, Method.SOURCE_ONLY), null).fit(source, target, null, false, null, null, null);
        Qat qat = ModelQuantizer.prepareQat(s, FX8.precision(), source.head(32), new QatOptions(1, 16, 1e-2, 1, true));
        int[] sIdx = {0, 1, 2, 3, 4, 5};
        int[] tIdx = {7, 8, 9, 10};
        for (int step = 0; step < 3; step++) {
            List<float[]> images = new ArrayList<>();
            int[] labels = new int[sIdx.length];
            for (int i = 0; i < sIdx.length; i++) {
                images.add(source.image(sIdx[i] + step));
                labels[i] = source.label(sIdx[i] + step);
            }
            for (int i : tIdx) {
                images.add(target.image(i + step));
            }
            Tensor tl = teacher.logits(DomainTrainer.images(target, new int[] {7 + step, 8 + step, 9 + step, 10 + step}));
            int[] pseudo = {PseudoLabels.NONE, 3, 1, PseudoLabels.NONE};
            Qat.Step st = qat.step(images, new QuantizedAdaptationLoss(labels, opts(1, Method.DISTILL),
                    ALL, tl, pseudo), 1e-2);
            FixedForward fwd = new FixedForward(st.net());
            for (int n = 0; n < images.size(); n++) {
                LayerTrace expected = fwd.run(Quantizer.quantizeInput(st.net(), images.get(n))).output();
                long[] want = ((LongValues) expected.raws()).raws();
                assertArrayEquals(want, ((LongValues) st.outputs().get(n)).raws(), "image " + n + " of step " + step);
                for (int c = 0; c < expected.size(); c++) {
                    assertEquals((float) Fx.toDouble(want[c], expected.type()), st.logits().get(n, c));
                }
            }
            assertTrue(Double.isFinite(st.loss()) && st.loss() > 0, "loss " + st.loss());
        }
        assertNotEquals(NetworkDigest.sha256(ModelQuantizer.quantize(s, FX8.precision(), source.head(32))),
                NetworkDigest.sha256(qat.current()), "three steps changed no raw");
    }

    @Test
    void targetLabelsDoNotChangeOneRaw() {
        for (var c : List.of(Map.entry(Method.DISTILL, ALL), Map.entry(Method.MMD, TargetObjectives.none()),
                Map.entry(Method.CORAL, new TargetObjectives(false, 0, 1, 0.1)))) {
            QNetwork a = run(c.getKey(), c.getValue(), target);
            QNetwork b = run(c.getKey(), c.getValue(), permuted);
            assertEquals(NetworkDigest.sha256(a), NetworkDigest.sha256(b), c.getKey().id() + " " + c.getValue().id());
        }
    }

    @Test
    void theSameSeedGivesTheSameRawsAndTheQuantizedPhaseChangesThem() {
        OdeNetModel s1 = OdeNetModel.create(TINY, 6);
        QuantizedAdaptation one = qa(s1, 1, Method.MMD, ALL);
        QNetwork a = one.fit(source, target, null, false, null, null, null, null);
        QNetwork b = run(Method.MMD, ALL, target);
        assertEquals(NetworkDigest.sha256(a), NetworkDigest.sha256(b));
        assertEquals(2 * (source.size() / 16), one.losses().size());
        QNetwork ptq = ModelQuantizer.quantize(s1, FX8.precision(), one.calibration(source, target));
        assertNotEquals(NetworkDigest.sha256(ptq), NetworkDigest.sha256(a), "QAT-DA changed no raw");
    }

    @Test
    void calibrationMixesSourceAndTargetImagesWithoutTheirLabels() {
        Dataset cal = qa(OdeNetModel.create(TINY, 6), 1, Method.MMD, ALL).calibration(source, permuted);
        assertEquals(40 + 40, cal.size());
        Dataset again = qa(OdeNetModel.create(TINY, 6), 1, Method.MMD, ALL).calibration(source, target);
        assertArrayEquals(cal.images(), again.images());
        int fromTarget = 0;
        for (int i = 40; i < 80; i++) {
            for (int j = 0; j < target.size(); j++) {
                if (java.util.Arrays.equals(cal.image(i), target.image(j))) {
                    fromTarget++;
                    break;
                }
            }
        }
        assertEquals(40, fromTarget);
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOneInEitherPhase() {
        QNetwork full = qa(OdeNetModel.create(TINY, 6), 2, Method.DISTILL, ALL)
                .fit(source, target, null, false, null, null, null, null);
        // Killed after the first quantized epoch was saved (the hook runs before the save of its epoch).
        Path ck = dir.resolve("qat.ckpt");
        int[] fixedEpochs = {0};
        assertThrows(IllegalStateException.class, () -> qa(OdeNetModel.create(TINY, 6), 2, Method.DISTILL, ALL)
                .fit(source, target, ck, false, null, null, null, net -> {
                    if (fixedEpochs[0]++ == 1) {
                        throw new IllegalStateException("killed");
                    }
                    return Map.of();
                }));
        QNetwork resumed = qa(OdeNetModel.create(TINY, 99), 2, Method.DISTILL, ALL)
                .fit(source, permuted, ck, true, null, null, null, null);
        assertEquals(NetworkDigest.sha256(full), NetworkDigest.sha256(resumed), "resumed in the quantized phase");
        // Killed in the float phase.
        Path ck2 = dir.resolve("float.ckpt");
        assertThrows(IllegalStateException.class, () -> qa(OdeNetModel.create(TINY, 6), 2, Method.DISTILL, ALL)
                .fit(source, target, ck2, false, null, null, e -> {
                    if (e == 1) {
                        throw new IllegalStateException("killed");
                    }
                    return Map.of();
                }, null));
        QNetwork resumed2 = qa(OdeNetModel.create(TINY, 98), 2, Method.DISTILL, ALL)
                .fit(source, target, ck2, true, null, null, null, null);
        assertEquals(NetworkDigest.sha256(full), NetworkDigest.sha256(resumed2), "resumed in the float phase");
        // A float-only run, or another precision, does not resume the quantized phase's checkpoint.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DomainTrainer(
                OdeNetModel.create(TINY, 6), opts(4, Method.DISTILL), teacher, ALL)
                .fit(source, target, ck, true, null, null, null));
        assertTrue(e.getMessage().startsWith("checkpoint " + ck + " was made by a quantized adaptation with fx8"),
                e.getMessage());
        QatDaOptions fx16 = new QatDaOptions(LayerPrecisions.uniform(Precision.FX16), 2, 3e-3, 40);
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> new QuantizedAdaptation(
                OdeNetModel.create(TINY, 6), opts(2, Method.DISTILL), teacher, ALL, fx16)
                .fit(source, target, ck, true, null, null, null, null));
        assertTrue(p.getMessage().contains("this run uses fx16"), p.getMessage());
        // The resumed run above finished both quantized epochs; a run asking for fewer is told about --qat-epochs.
        QatDaOptions none = new QatDaOptions(LayerPrecisions.uniform(Precision.FX8), 0, 3e-3, 40);
        IllegalArgumentException q = assertThrows(IllegalArgumentException.class, () -> new QuantizedAdaptation(
                OdeNetModel.create(TINY, 6), opts(2, Method.DISTILL), teacher, ALL, none)
                .fit(source, target, ck, true, null, null, null, null));
        assertEquals(ck + " has already trained 2 quantized epochs after 2 float epochs, more than this run's "
                + "--qat-epochs 0; resume with at least --qat-epochs 2", q.getMessage());
    }

    @Test
    void dannAndMissingTargetImagesAreRefused() {
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class,
                () -> qa(OdeNetModel.create(TINY, 6), 1, Method.DANN, ALL));
        assertEquals("--precision cannot train dann: its domain classifier is not part of the quantized network; "
                + "use mmd, coral or distill", d.getMessage());
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
                () -> qa(OdeNetModel.create(TINY, 6), 1, Method.SOURCE_ONLY, TargetObjectives.none())
                        .fit(source, target.head(1), null, false, null, null, null, null));
        assertEquals("--precision needs at least 2 unlabeled target images to calibrate on", t.getMessage());
    }
}
