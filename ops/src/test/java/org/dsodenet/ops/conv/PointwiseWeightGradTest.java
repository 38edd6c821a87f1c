package org.dsodenet.ops.conv;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The 1×1 weight gradient keeps its documented reduction order whatever its loop order: per column, the products
 * of the sample groups added in group order from 0, then {@link Rows#foldSum} over the columns. Checked bit for bit
 * against that order written out, on batches of several groups (the last one short).
 */
class PointwiseWeightGradTest {
    @Test
    void weightGradientFollowsTheDocumentedOrder() {
        qt().withExamples(scaled(100))
                .forAll(integers().between(1, 40), integers().between(1, 5), integers().between(1, 7), longs().all())
                .checkAssert((batch, cIn, cOut, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    int hw = 1 + rng.nextInt(16);
                    Columns in = new Columns(batch, cIn, hw, hw, new Window(1, 1, 0));
                    float[] x = new float[batch * cIn * hw * hw];
                    float[] dy = new float[batch * cOut * hw * hw];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(5) - 2));
                    }
                    for (int i = 0; i < dy.length; i++) {
                        dy[i] = (float) rng.nextGaussian();
                    }
                    float[][][] dyRows = DenseKernel.gradRows(in, cOut, dy);
                    float[] wg = new float[cOut * cIn];
                    DenseKernel.weightGrad(in, cOut, x, dyRows, wg);
                    int maxLen = in.maxColumns();
                    for (int oc = 0; oc < cOut; oc++) {
                        for (int ic = 0; ic < cIn; ic++) {
                            float[] acc = new float[maxLen];
                            for (int g = 0; g < in.groups; g++) {
                                float[] xr = new float[maxLen];
                                in.gather(x, cIn, g, ic, xr);
                                for (int q = 0; q < in.columns(g); q++) {
                                    acc[q] += xr[q] * dyRows[g][oc][q];
                                }
                            }
                            assertEquals(Rows.foldSum(acc, new float[maxLen], maxLen), wg[oc * cIn + ic], 0f,
                                    "batch " + batch + " map " + hw + " w[" + oc + "][" + ic + "]");
                        }
                    }
                });
    }
}
