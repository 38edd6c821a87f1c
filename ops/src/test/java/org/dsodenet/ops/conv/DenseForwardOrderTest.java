package org.dsodenet.ops.conv;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The dense forward ({@link DenseKernel#forward}, the path of {@link Conv2d}, {@link PointwiseConv2d} and their
 * stride-1 input gradients) keeps its documented order whatever its blocking: every output element is the bias,
 * then {@code w[oc][r] * col[r]} for rows {@code r = (ic, ky, kx)} in ascending order, one float rounding per
 * step, padding taps included as products with 0. Checked bit for bit against that order written out, for odd and
 * even channel counts (the blocks of two outputs and three rows have remainders), 1×1 and 3×3 kernels, strides 1
 * and 2, and batches of several sample groups.
 */
class DenseForwardOrderTest {
    @Test
    void forwardFollowsTheDocumentedOrder() {
        qt().withExamples(scaled(120))
                .forAll(integers().between(1, 12), integers().between(1, 7), integers().between(1, 7), longs().all())
                .checkAssert((batch, cIn, cOut, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    int k = rng.nextBoolean() ? 1 : 3;
                    int stride = 1 + rng.nextInt(2);
                    int pad = k == 1 ? 0 : rng.nextInt(2);
                    int h = k + rng.nextInt(12);
                    int w = k + rng.nextInt(12);
                    Window win = new Window(k, stride, pad);
                    Columns in = new Columns(batch, cIn, h, w, win);
                    float[] x = gaussians(rng, batch * cIn * h * w);
                    float[] wt = gaussians(rng, cOut * cIn * k * k);
                    float[] bias = rng.nextBoolean() ? gaussians(rng, cOut) : null;
                    float[] y = new float[batch * cOut * in.plane];
                    DenseKernel.forward(in, cOut, x, wt, bias, y);
                    int i = 0;
                    for (int n = 0; n < batch; n++) {
                        for (int oc = 0; oc < cOut; oc++) {
                            for (int oy = 0; oy < in.oh; oy++) {
                                for (int ox = 0; ox < in.ow; ox++) {
                                    float s = bias == null ? 0f : bias[oc];
                                    for (int ic = 0; ic < cIn; ic++) {
                                        for (int ky = 0; ky < k; ky++) {
                                            for (int kx = 0; kx < k; kx++) {
                                                int iy = oy * stride + ky - pad;
                                                int ix = ox * stride + kx - pad;
                                                boolean inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
                                                float v = inside ? x[((n * cIn + ic) * h + iy) * w + ix] : 0f;
                                                s += wt[((oc * cIn + ic) * k + ky) * k + kx] * v;
                                            }
                                        }
                                    }
                                    assertEquals(Float.floatToIntBits(s), Float.floatToIntBits(y[i++]),
                                            win + " batch " + batch + " " + cIn + "->" + cOut + " at " + (i - 1));
                                }
                            }
                        }
                    }
                });
    }

    private static float[] gaussians(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(5) - 2));
        }
        return a;
    }
}
