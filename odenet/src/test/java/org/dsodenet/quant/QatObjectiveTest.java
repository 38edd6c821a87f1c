package org.dsodenet.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dsodenet.data.Dataset;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.ops.fixed.FixedForward;
import org.dsodenet.ops.fixed.Trace;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.Test;

class QatObjectiveTest {
    private static final Dataset TRAIN = TinyQuant.data(48, 2);

    private static TinyQuant.Ptq ptq(boolean time, String p) {
        OdeNetModel m = TinyQuant.trained(TinyQuant.config(time), TRAIN, 3, 4);
        return TinyQuant.ptq(m, Precision.parse(p), TRAIN.head(24));
    }

    private static List<float[]> images(int[] idx) {
        List<float[]> out = new ArrayList<>();
        for (int i : idx) {
            out.add(TRAIN.image(i));
        }
        return out;
    }

    private static int[] labels(int[] idx) {
        int[] y = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            y[i] = TRAIN.label(idx[i]);
        }
        return y;
    }

    @Test
    void theSourceCrossEntropyObjectiveIsTheLabeledStep() {
        for (boolean fq : new boolean[] {false, true}) {
            TinyQuant.Ptq q = ptq(true, "5,8,8");
            QatOptions o = new QatOptions(1, 8, 1e-2, 3, fq);
            Qat labeled = new Qat(q.folded(), q.net(), o);
            Qat pluggable = new Qat(q.folded(), q.net(), o);
            for (int[] idx : new int[][] {{0, 1, 2, 3, 4, 5}, {9, 8, 7, 6, 5, 4, 3}, {20, 21, 22}}) {
                Qat.Step a = labeled.step(TRAIN, idx, 1e-2);
                Qat.Step b = pluggable.step(images(idx), new SourceCrossEntropy(labels(idx)), 1e-2);
                assertEquals(a.loss(), b.loss());
                assertEquals(a.correct(), b.correct());
            }
            assertTrue(same(TinyQuant.raws(labeled.current()), TinyQuant.raws(pluggable.current())));
            assertFalse(same(TinyQuant.raws(q.net()), TinyQuant.raws(labeled.current())), "the steps changed nothing");
        }
    }

    @Test
    void featuresAreTheFixedPointOutputOfTheSecondToLastLayer() {
        TinyQuant.Ptq q = ptq(false, "fx8");
        Qat qat = new Qat(q.folded(), q.net(), QatOptions.defaults(1, 1));
        int[] idx = {1, 5, 7, 30};
        Tensor[] seen = new Tensor[1];
        QatObjective capture = new QatObjective() {
            @Override
            public boolean usesFeatures() {
                return true;
            }

            @Override
            public Loss compute(Tensor logits, Tensor features) {
                seen[0] = features;
                return new Loss(0, Tensor.zeros(logits.shape()), null, 0);
            }
        };
        qat.step(images(idx), capture, 1e-3);
        FixedForward fwd = new FixedForward(q.net());
        for (int n = 0; n < idx.length; n++) {
            Trace t = fwd.run(Quantizer.quantizeInput(q.net(), TRAIN.image(idx[n])));
            double[] f = t.layers().get(t.layers().size() - 2).values();
            assertEquals(f.length, seen[0].shape().dim(1));
            for (int j = 0; j < f.length; j++) {
                assertEquals((float) f[j], seen[0].get(n, j));
            }
        }
    }

    @Test
    void aFeatureGradientTrainsTheLayersBeforeTheHeadOnly() {
        TinyQuant.Ptq q = ptq(false, "6,8,8");
        Qat qat = new Qat(q.folded(), q.net(), new QatOptions(1, 8, 5e-2, 1, true));
        QatObjective pushFeatures = new QatObjective() {
            @Override
            public boolean usesFeatures() {
                return true;
            }

            @Override
            public Loss compute(Tensor logits, Tensor features) {
                Tensor g = Tensor.zeros(features.shape());
                java.util.Arrays.fill(g.data(), -1f);
                return new Loss(0, Tensor.zeros(logits.shape()), g, 0);
            }
        };
        for (int i = 0; i < 3; i++) {
            qat.step(images(new int[] {0, 1, 2, 3}), pushFeatures, 5e-2);
        }
        List<long[]> before = TinyQuant.raws(q.net());
        List<long[]> after = TinyQuant.raws(qat.current());
        int head = before.size() - 2;
        assertArrayEquals(before.get(head), after.get(head), "the head has no gradient");
        assertArrayEquals(before.get(head + 1), after.get(head + 1), "the head bias has no gradient");
        assertFalse(same(before.subList(0, head), after.subList(0, head)), "the feature gradient changed nothing");
    }

    private static boolean same(List<long[]> a, List<long[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
