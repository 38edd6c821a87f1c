package org.dsodenet.ops.conv;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.testing.Rand;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The kernels process samples in groups whose size depends on the map size; with several groups (the last one
 * short) a batch must give each sample exactly what it gets alone, and parameter gradients must be the sum of the
 * per-sample ones. The gradient checks use batches of 1 or 2, which fit in one group; this covers the rest.
 */
class BatchGroupingTest {
    static Tensor sample(Tensor batch, int n) {
        Shape s = batch.shape();
        int per = s.perSample();
        float[] d = new float[per];
        System.arraycopy(batch.data(), n * per, d, 0, per);
        return Tensor.wrap(s.withN(1), d);
    }

    static void check(Supplier<Layer> make, int cIn, int hw, int batch, long seed) {
        Layer layer = make.get();
        Rand.params(layer, new SplittableRandom(seed), 0.5);
        Tensor x = Tensor.randn(Shape.nchw(batch, cIn, hw, hw), seed + 1);
        Tensor y = layer.forward(x, true);
        Tensor g = Tensor.randn(y.shape(), seed + 2);
        layer.zeroGrad();
        Tensor dx = layer.backward(g);
        List<Param> params = layer.params();
        double[][] sum = new double[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            sum[i] = new double[params.get(i).size()];
        }
        for (int n = 0; n < batch; n++) {
            layer.zeroGrad();
            Tensor yn = layer.forward(sample(x, n), true);
            assertArrayEquals(sample(y, n).data(), yn.data(), "output of sample " + n);
            assertArrayEquals(sample(dx, n).data(), layer.backward(sample(g, n)).data(), "input gradient " + n);
            for (int i = 0; i < params.size(); i++) {
                float[] gr = params.get(i).grad();
                for (int j = 0; j < gr.length; j++) {
                    sum[i][j] += gr[j];
                }
            }
        }
        layer.zeroGrad();
        layer.forward(x, true);
        layer.backward(g);
        for (int i = 0; i < params.size(); i++) {
            float[] gr = params.get(i).grad();
            for (int j = 0; j < gr.length; j++) {
                assertEquals(sum[i][j], gr[j], 1e-4 * (1 + Math.abs(sum[i][j])), params.get(i).name() + "[" + j + "]");
            }
        }
    }

    @Test
    void batchesSplitIntoSeveralGroupsActLikeSingleSamples() {
        // map sizes 5..20 give groups of 11 down to 1 sample; batches up to 7 leave a short last group
        qt().withExamples(scaled(30))
                .forAll(integers().between(5, 20), integers().between(3, 7), integers().between(0, 5),
                longs().all()).checkAssert((hw, batch, variant, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Window win = new Window(3, 1 + variant % 2, 1);
                    switch (variant / 2) {
                        case 0 -> check(() -> Conv2d.init("c", 2, 3, win, true, rng), 2, hw, batch, seed);
                        case 1 -> check(() -> DepthwiseConv2d.init("d", 3, win, true, rng), 3, hw, batch, seed);
                        default -> check(() -> PointwiseConv2d.init("p", 3, 2, true, rng), 3, hw, batch, seed);
                    }
                });
    }

    @Test
    void columnGroupsCoverTheBatch() {
        for (int hw : new int[] {1, 5, 7, 14, 16, 28, 40}) {
            for (int batch : new int[] {1, 2, 5, 32}) {
                for (boolean framed : new boolean[] {false, true}) {
                    Columns c = new Columns(batch, 1, hw, hw, new Window(hw > 2 ? 3 : 1, 1, hw > 2 ? 1 : 0), framed);
                    int total = 0;
                    for (int g = 0; g < c.groups; g++) {
                        total += c.samples(g);
                        assertEquals(c.samples(g) * c.frameSize, c.columns(g));
                    }
                    assertEquals(batch, total);
                }
            }
        }
    }
}
