package org.dsodenet.quant;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.dsodenet.data.Dataset;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.odenet.eval.Evaluator;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.odenet.quant.ModelQuantizer;
import org.dsodenet.ops.fixed.FixedForward;
import org.dsodenet.ops.fixed.LayerTrace;
import org.dsodenet.ops.fixed.kernel.LongValues;
import org.dsodenet.ops.fixed.kernel.Values;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.dsodenet.ops.fixed.types.AccumulatorSizer;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.Test;

class QatTest {
    private static final Dataset TRAIN = TinyQuant.data(96, 1);

    @Test
    void qatForwardIsTheFixedPointForwardBitForBit() {
        AtomicInteger changeChecks = new AtomicInteger();
        qt().withExamples(scaled(6)).forAll(longs().between(1, 1_000_000), integers().between(3, 8), booleans().all())
                .checkAssert((seed, wBits, time) -> changeChecks.addAndGet(checkSteps(seed, wBits, time)));
        assertTrue(changeChecks.get() > 0, "no example had a live network, so no step was required to change it");
    }

    /** An explore run drew 3-bit networks whose logits are 0 for every image, like this one. */
    @Test
    void aDeadNetworkIsStillBitExactButNeedNotChange() {
        assertEquals(0, checkSteps(676, 3, false));
    }

    /**
     * Three steps at a large learning rate, each checked bit for bit against the fixed-point forward; every step of
     * a live network must change some raw. A network whose logits are the same for every image is dead: no feature
     * reaches the last layer (3-bit weights can round most of them to 0), so only the output bias has a gradient,
     * and that vanishes on a batch with as many images of each class. Returns how many steps had to change it.
     */
    private static int checkSteps(long seed, int wBits, boolean time) {
        OdeNetModel m = OdeNetModel.create(TinyQuant.config(time), seed);
        Dataset data = TinyQuant.data(12, seed);
        TinyQuant.Ptq q = TinyQuant.ptq(m, Precision.parse(wBits + ",8,8"), data);
        Qat qat = new Qat(q.folded(), q.net(), new QatOptions(1, 6, 1e-2, seed, true));
        List<long[]> previous = null;
        boolean previousLive = false;
        int checked = 0;
        for (int[] idx : new int[][] {{0, 1, 2, 3, 4, 5}, {6, 7, 8, 9, 10, 11}, {3, 1, 4, 1, 5, 9}}) {
            QNetwork before = qat.current();
            Qat.Step s = qat.step(data, idx, 1e-2);
            assertSame(before, s.net());
            checkAgainstFixedForward(s, data, idx);
            List<long[]> raws = TinyQuant.raws(s.net());
            if (previousLive) {
                assertFalse(sameRaws(previous, raws), "a live network's step at a large learning rate changed no raw");
                checked++;
            }
            previous = raws;
            previousLive = dependsOnTheImage(s.logits());
        }
        return checked;
    }

    /** Whether some image's logits differ from the first image's. */
    private static boolean dependsOnTheImage(Tensor logits) {
        for (int j = 1; j < logits.shape().dim(0); j++) {
            for (int c = 0; c < logits.shape().dim(1); c++) {
                if (logits.get(j, c) != logits.get(0, c)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** An independent run of the planned fixed-point forward gives the raws, logits and loss the step used. */
    private static void checkAgainstFixedForward(Qat.Step s, Dataset data, int[] idx) {
        FixedForward fwd = new FixedForward(s.net());
        int k = s.net().outputDims().size();
        assertEquals(Shape.of(idx.length, k), s.logits().shape());
        double loss = 0;
        int correct = 0;
        for (int j = 0; j < idx.length; j++) {
            LayerTrace expected = fwd.run(Quantizer.quantizeInput(s.net(), data.image(idx[j]))).output();
            Values got = s.outputs().get(j);
            assertNotNull(expected.raws());
            long[] want = ((LongValues) expected.raws()).raws();
            assertArrayEquals(want, ((LongValues) got).raws());
            assertEquals(expected.type(), got.type());
            double max = Double.NEGATIVE_INFINITY;
            int best = 0;
            for (int c = 0; c < k; c++) {
                double v = Fx.toDouble(want[c], expected.type());
                assertEquals((float) v, s.logits().get(j, c));
                if (v > max) {
                    max = v;
                    best = c;
                }
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += Math.exp(Fx.toDouble(want[c], expected.type()) - max);
            }
            int y = data.label(idx[j]);
            loss += max + Math.log(sum) - Fx.toDouble(want[y], expected.type());
            correct += best == y ? 1 : 0;
        }
        assertEquals(loss / idx.length, s.loss(), 1e-5);
        assertEquals(correct, s.correct());
    }

    @Test
    void requantizingTheFoldedWeightsGivesThePtqNetwork() {
        OdeNetModel m = TinyQuant.trained(TinyQuant.config(true), TRAIN, 3, 4);
        for (String p : List.of("fx16", "fx8", "4,6,8", "3,8,8,20")) {
            TinyQuant.Ptq q = TinyQuant.ptq(m, Precision.parse(p), TRAIN.head(24));
            QNetwork again = Quantizer.requantize(q.net(), q.folded());
            assertEquals(TinyQuant.types(q.net()), TinyQuant.types(again));
            assertTrue(sameRaws(TinyQuant.raws(q.net()), TinyQuant.raws(again)), p);
            QNetwork start = new Qat(q.folded(), q.net(), QatOptions.defaults(1, 1)).current();
            assertTrue(sameRaws(TinyQuant.raws(q.net()), TinyQuant.raws(start)), p);
        }
    }

    @Test
    void requantizeRoundsToNearestEvenAndSaturatesIntoTheFrozenType() {
        TinyQuant.Ptq q = TinyQuant.ptq(OdeNetModel.create(TinyQuant.config(false), 3), Precision.parse("4,8,8"), TRAIN.head(8));
        Param w = ((org.dsodenet.ops.linear.Linear) q.folded().layers().get(q.folded().layers().size() - 1)).weight();
        FixedType t = ((QLinear) q.net().layers().get(q.net().layers().size() - 1)).types().weight();
        double lsb = t.lsb();
        float[] v = w.value();
        v[0] = (float) (100 * t.maxValue());
        v[1] = (float) (-100 * t.maxValue());
        v[2] = (float) (2.5 * lsb);
        v[3] = (float) (-1.5 * lsb);
        long[] raws = ((QLinear) last(Quantizer.requantize(q.net(), q.folded()))).weights();
        assertEquals(t.maxRaw(), raws[0]);
        assertEquals(t.minRaw(), raws[1]);
        assertEquals(2, raws[2]);
        assertEquals(-2, raws[3]);
    }

    private static QLayer last(QNetwork n) {
        return n.layers().get(n.layers().size() - 1);
    }

    @Test
    void requantizeRejectsAnotherStructure() {
        TinyQuant.Ptq a = TinyQuant.ptq(OdeNetModel.create(TinyQuant.config(false), 1), Precision.FX8, TRAIN.head(8));
        TinyQuant.Ptq b = TinyQuant.ptq(OdeNetModel.create(TinyQuant.config(true), 1), Precision.FX8, TRAIN.head(8));
        assertThrows(IllegalArgumentException.class, () -> Quantizer.requantize(a.net(), b.folded()));
        Dataset wrong = Dataset.of("wrong", new float[2 * 9 * 9], new int[] {0, 1}, 1, 9, 9, 3);
        assertThrows(IllegalArgumentException.class,
                () -> Qat.fineTune(a.folded(), a.net(), wrong, QatOptions.defaults(1, 1), null));
    }

    @Test
    void typesAreFrozenAndOnlyRawsChange() {
        OdeNetModel m = TinyQuant.trained(TinyQuant.config(true), TRAIN, 3, 2);
        TinyQuant.Ptq q = TinyQuant.ptq(m, Precision.parse("4,6,8"), TRAIN.head(24));
        float[][] foldedBefore = values(q.folded().params());
        QatResult r = Qat.fineTune(q.folded(), q.net(), TRAIN, new QatOptions(2, 16, 3e-3, 9, true), null);
        assertEquals(TinyQuant.types(q.net()), TinyQuant.types(r.net()));
        assertEquals(q.net().name(), r.net().name());
        assertFalse(sameRaws(TinyQuant.raws(q.net()), TinyQuant.raws(r.net())));
        assertEquals(2 * (TRAIN.size() / 16), r.losses().size());
        float[][] foldedAfter = values(q.folded().params());
        for (int i = 0; i < foldedBefore.length; i++) {
            assertArrayEquals(foldedBefore[i], foldedAfter[i], "QAT must not modify the folded network it was given");
        }
    }

    @Test
    void sameSeedGivesIdenticalRaws() {
        OdeNetModel m = TinyQuant.trained(TinyQuant.config(false), TRAIN, 3, 5);
        TinyQuant.Ptq q = TinyQuant.ptq(m, Precision.parse("5,8,8"), TRAIN.head(24));
        QatOptions o = new QatOptions(2, 16, 3e-3, 42, true);
        QatResult a = Qat.fineTune(q.folded(), q.net(), TRAIN, o, null);
        QatResult b = Qat.fineTune(q.folded(), q.net(), TRAIN, o, null);
        assertTrue(sameRaws(TinyQuant.raws(a.net()), TinyQuant.raws(b.net())));
        assertEquals(a.losses(), b.losses());
        QatResult c = Qat.fineTune(q.folded(), q.net(), TRAIN, new QatOptions(2, 16, 3e-3, 43, true), null);
        assertFalse(sameRaws(TinyQuant.raws(a.net()), TinyQuant.raws(c.net())), "another seed, another batch order");
    }

    @Test
    void qatLowersTheFixedPointLossOfAggressivelyQuantizedModels() {
        // Measured with these settings: 4-bit weights lose 0.22 -> 0.10, 0.48 -> 0.15, 0.46 -> 0.23 (seeds 1..3).
        for (long seed : new long[] {1, 2, 3}) {
            OdeNetModel m = TinyQuant.trained(TinyQuant.config(false), TRAIN, 10, seed);
            TinyQuant.Ptq q = TinyQuant.ptq(m, Precision.parse("4,8,8"), TRAIN.head(32));
            QatResult r = Qat.fineTune(q.folded(), q.net(), TRAIN, new QatOptions(4, 16, 3e-3, 5, true), null);
            double before = Qat.fixedLoss(q.net(), TRAIN);
            double after = Qat.fixedLoss(r.net(), TRAIN);
            assertTrue(after < 0.75 * before, "seed " + seed + ": fixed-point loss " + before + " -> " + after);
            assertTrue(Evaluator.fixed(r.net(), TRAIN).accuracy() >= Evaluator.fixed(q.net(), TRAIN).accuracy(),
                    "seed " + seed + ": fixed-point accuracy dropped");
        }
    }

    @Test
    void fineTuneFromCalibrationFreezesTheQuantizersTypes() {
        OdeNetModel m = TinyQuant.trained(TinyQuant.config(false), TRAIN, 3, 8);
        Precision p = Precision.parse("5,8,8");
        QatResult viaModel = ModelQuantizer.quantizeWithQat(m, p, TRAIN.head(24), TRAIN, 1, 3);
        QNetwork ptq = ModelQuantizer.quantize(m, p, TRAIN.head(24));
        assertEquals(TinyQuant.types(ptq), TinyQuant.types(viaModel.net()));
        assertEquals(ptq.name(), viaModel.net().name());
        assertEquals(TRAIN.size() / 32, viaModel.losses().size());
    }

    @Test
    void accumulatorsNeverOverflowEvenAtAnAbsurdLearningRate() {
        OdeNetModel m = TinyQuant.trained(TinyQuant.config(false), TRAIN, 3, 6);
        TinyQuant.Ptq q = TinyQuant.ptq(m, Precision.parse("6,8,8"), TRAIN.head(24));
        QatResult r = Qat.fineTune(q.folded(), q.net(), TRAIN, new QatOptions(2, 16, 0.5, 1, false), null);
        assertTrue(r.guardedRows() > 0, "the learning rate should have pushed some accumulator over its bound");
        Map<String, FixedType> needed = AccumulatorSizer.forNetwork(r.net());
        Map<String, FixedType> frozen = accumulators(q.net());
        assertFalse(needed.isEmpty());
        for (Map.Entry<String, FixedType> e : needed.entrySet()) {
            if (frozen.containsKey(e.getKey())) {
                assertTrue(e.getValue().intBits() <= frozen.get(e.getKey()).intBits(), e.getKey() + " would overflow");
            }
        }
    }

    private static Map<String, FixedType> accumulators(QNetwork net) {
        Map<String, FixedType> out = new java.util.HashMap<>();
        for (QLayer l : QNetwork.flatten(net.layers())) {
            AccTypes t = l instanceof QConv2d c ? c.types() : l instanceof QDepthwiseConv2d c ? c.types()
                    : l instanceof QPointwiseConv2d c ? c.types() : l instanceof QLinear c ? c.types() : null;
            if (t != null) {
                out.put(l.name(), t.acc());
            }
        }
        return out;
    }

    private static float[][] values(List<Param> ps) {
        float[][] out = new float[ps.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = ps.get(i).value().clone();
        }
        return out;
    }

    static boolean sameRaws(List<long[]> a, List<long[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
