package org.dsodenet.adapt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.Datasets;
import org.dsodenet.data.transform.Transforms;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.norm.BatchNorm2d;
import org.dsodenet.ops.ode.OdeBlock;
import org.dsodenet.ops.ode.TimeChannel;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** AdaBN on a tiny dsODENet with 3 Euler steps per ODE block and target (UCI digits) images. */
class AdaBnTest {
    private static final ModelConfig TINY = ModelConfig.defaults(Arch.DSODENET).withChannels(new int[] {4, 8, 8})
            .withSteps(3, 0.5).withInput(1, 14, 10);
    private static Dataset target;

    @BeforeAll
    static void data() {
        target = Transforms.match(Datasets.load("uci-digits"), 1, 14, 14, 2).sample(48, 3);
    }

    private static Tensor all(Dataset d) {
        float[] x = new float[d.size() * d.imageSize()];
        for (int i = 0; i < d.size(); i++) {
            d.copyImage(i, x, i * d.imageSize());
        }
        return Tensor.wrap(Shape.nchw(d.size(), d.channels(), d.height(), d.width()), x);
    }

    @Test
    void odeBatchNormStatisticsAreThoseOfEveryEulerStepOfTheSolverPooled() {
        for (boolean time : new boolean[] {false, true}) {
            OdeNetModel m = OdeNetModel.create(TINY.withTimeChannel(time), 7);
            Map<BatchNorm2d, BnMoments> gathered = AdaBn.gather(m.body(), m.batchNorms(), target);
            // By hand: the layers before stage 1's ODE block, then its Euler steps one by one, z += h f(z, t_k).
            Tensor z = all(target);
            OdeBlock ode = null;
            for (OdeNetModel.Part p : m.parts()) {
                if (p.layer() instanceof OdeBlock o) {
                    ode = o;
                    break;
                }
                if (p.layer() instanceof BatchNorm2d bn) {
                    z = bn.forward(z, true);
                    bn.clearCache();
                } else {
                    z = p.layer().forward(z, false);
                }
            }
            Sequential f = (Sequential) ode.f();
            List<BatchNorm2d> bns = new ArrayList<>();
            List<BnMoments> byHand = new ArrayList<>();
            for (Layer l : f.layers()) {
                if (l instanceof BatchNorm2d bn) {
                    bns.add(bn);
                    byHand.add(new BnMoments(bn.channels()));
                }
            }
            for (int k = 0; k < 3; k++) {
                Tensor x = time ? TimeChannel.append(z, (float) (k * 0.5)) : z;
                for (Layer l : f.layers()) {
                    if (l instanceof BatchNorm2d bn) {
                        byHand.get(bns.indexOf(bn)).add(x);
                        x = bn.forward(x, true); // normalised with the batch's statistics
                        bn.clearCache();
                    } else {
                        x = l.forward(x, false);
                    }
                }
                float[] next = z.data().clone();
                for (int i = 0; i < next.length; i++) {
                    next[i] = z.data()[i] + 0.5f * x.data()[i];
                }
                z = Tensor.wrap(z.shape(), next);
            }
            for (int b = 0; b < bns.size(); b++) {
                BnMoments g = gathered.get(bns.get(b));
                BnMoments h = byHand.get(b);
                assertEquals(3L * target.size() * 14 * 14, g.count(), "every image, position and step");
                assertEquals(h.count(), g.count());
                for (int c = 0; c < g.channels(); c++) {
                    assertEquals(h.mean(c), g.mean(c), 1e-12 * (1 + Math.abs(h.mean(c))), bns.get(b).name());
                    assertEquals(h.variance(c), g.variance(c), 1e-12 * (1 + h.variance(c)), bns.get(b).name());
                }
            }
        }
    }

    @Test
    void theFirstBatchNormGetsExactlyTheMomentsOfItsTargetInputs() {
        OdeNetModel m = OdeNetModel.create(TINY, 9);
        BatchNorm2d pre = m.batchNorms().get(0);
        BnMoments byHand = new BnMoments(pre.channels());
        byHand.add(m.parts().get(0).layer().forward(all(target), false));
        AdaBn.adapt(m.body(), m.batchNorms(), target);
        for (int c = 0; c < pre.channels(); c++) {
            assertEquals((float) byHand.mean(c), pre.runningMean()[c]);
            assertEquals((float) byHand.variance(c), pre.runningVar()[c]);
        }
    }

    @Test
    void gatheringChangesNothingAndAdaptingIsDeterministic() {
        OdeNetModel a = OdeNetModel.create(TINY, 9);
        OdeNetModel b = OdeNetModel.create(TINY, 9);
        AdaBn.gather(a.body(), a.batchNorms(), target);
        AdaBn.gather(a.body(), a.batchNorms(), target);
        for (int i = 0; i < a.batchNorms().size(); i++) {
            assertArrayEquals(b.batchNorms().get(i).runningMean(), a.batchNorms().get(i).runningMean());
            assertArrayEquals(b.batchNorms().get(i).runningVar(), a.batchNorms().get(i).runningVar());
        }
        AdaBn.adapt(a.body(), a.batchNorms(), target);
        AdaBn.adapt(b.body(), b.batchNorms(), target);
        for (int i = 0; i < a.batchNorms().size(); i++) {
            assertArrayEquals(b.batchNorms().get(i).runningMean(), a.batchNorms().get(i).runningMean());
            assertArrayEquals(b.batchNorms().get(i).runningVar(), a.batchNorms().get(i).runningVar());
        }
    }

    @Test
    void aFreshModelsStatisticsAreReplaced() {
        OdeNetModel m = OdeNetModel.create(TINY, 9);
        BatchNorm2d pre = m.batchNorms().get(0);
        assertEquals(1f, pre.runningVar()[0], "a fresh model has unit variance");
        AdaBn.adapt(m.body(), m.batchNorms(), target);
        assertNotEquals(1f, pre.runningVar()[0]);
    }
}
