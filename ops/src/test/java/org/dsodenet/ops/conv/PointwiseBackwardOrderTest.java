package org.dsodenet.ops.conv;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A pointwise layer's whole backward, through the layer, keeps the documented orders bit for bit, signs of zero
 * included: the input gradient is 0, then {@code w[oc][ic] * dy[oc]} for the output channels in order; the weight
 * gradient sums per column the groups' products in group order from 0, then {@link Rows#foldSum}; the bias
 * gradient sums per column the groups' output gradients in group order from 0, then {@link Rows#sum}. Both
 * parameter gradients are added onto what the gradient held (here -0, so a sum of -0 shows). Values are often ±0,
 * and some cases hold nothing but zeros, so that sums of -0 products occur.
 */
class PointwiseBackwardOrderTest {
    @Test
    void backwardFollowsTheDocumentedOrders() {
        qt().withExamples(scaled(150))
                .forAll(integers().between(1, 40), integers().between(1, 7), integers().between(1, 7), longs().all())
                .checkAssert((batch, cIn, cOut, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    int hw = 1 + rng.nextInt(16);
                    boolean zeros = rng.nextInt(4) == 0;
                    float[] w = values(cOut * cIn, rng, zeros);
                    float[] b = rng.nextBoolean() ? values(cOut, rng, false) : null;
                    float[] x = values(batch * cIn * hw * hw, rng, zeros);
                    float[] dy = values(batch * cOut * hw * hw, rng, zeros);
                    PointwiseConv2d layer = new PointwiseConv2d("pw", cIn, cOut, w, b);
                    Arrays.fill(layer.weight().grad(), -0f);
                    if (b != null) {
                        Arrays.fill(layer.bias().grad(), -0f);
                    }
                    layer.forward(Tensor.of(Shape.nchw(batch, cIn, hw, hw), x), true);
                    float[] dx = layer.backward(Tensor.of(Shape.nchw(batch, cOut, hw, hw), dy)).data();
                    String what = "batch " + batch + " " + cIn + "->" + cOut + " map " + hw;
                    int plane = hw * hw;
                    for (int n = 0; n < batch; n++) {
                        for (int ic = 0; ic < cIn; ic++) {
                            for (int p = 0; p < plane; p++) {
                                float s = 0f;
                                for (int oc = 0; oc < cOut; oc++) {
                                    s += w[oc * cIn + ic] * dy[(n * cOut + oc) * plane + p];
                                }
                                int i = (n * cIn + ic) * plane + p;
                                assertEquals(Float.floatToRawIntBits(s), Float.floatToRawIntBits(dx[i]),
                                        what + " dx at " + i);
                            }
                        }
                    }
                    Columns in = new Columns(batch, cIn, hw, hw, new Window(1, 1, 0));
                    int maxLen = in.maxColumns();
                    for (int oc = 0; oc < cOut; oc++) {
                        for (int ic = 0; ic < cIn; ic++) {
                            float[] acc = new float[maxLen];
                            for (int g = 0; g < in.groups; g++) {
                                for (int q = 0; q < in.columns(g); q++) {
                                    int n = g * in.group + q / plane;
                                    acc[q] += x[(n * cIn + ic) * plane + q % plane]
                                            * dy[(n * cOut + oc) * plane + q % plane];
                                }
                            }
                            float want = -0f + Rows.foldSum(acc, new float[maxLen], maxLen);
                            assertEquals(Float.floatToRawIntBits(want),
                                    Float.floatToRawIntBits(layer.weight().grad()[oc * cIn + ic]),
                                    what + " w[" + oc + "][" + ic + "]");
                        }
                        if (b != null) {
                            float[] acc = new float[maxLen];
                            for (int g = 0; g < in.groups; g++) {
                                for (int q = 0; q < in.columns(g); q++) {
                                    int n = g * in.group + q / plane;
                                    acc[q] += dy[(n * cOut + oc) * plane + q % plane];
                                }
                            }
                            float want = -0f + Rows.sum(acc, maxLen);
                            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(layer.bias().grad()[oc]),
                                    what + " b[" + oc + "]");
                        }
                    }
                });
    }

    /** Normal values over five decades, a quarter of them ±0; with {@code zeros} nothing but ±0. */
    private static float[] values(int n, SplittableRandom rng, boolean zeros) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            if (zeros || rng.nextInt(4) == 0) {
                a[i] = rng.nextBoolean() ? 0f : -0f;
            } else {
                a[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(5) - 2));
            }
        }
        return a;
    }
}
