package org.dsodenet.ops.conv;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.dsodenet.ops.testing.Rand;
import org.junit.jupiter.api.Test;

/**
 * The input gradient of a strided dense convolution keeps its documented order: every input pixel is 0, then for
 * each tap of its channel in order that reached it, that tap's column gradient {@code sum_oc W[oc][ic][t] * dy[oc]}
 * (from 0, output channels in order). Checked bit for bit against that order written out, for output channel
 * counts with every remainder of the kernel's blocks of three and odd numbers of column rows.
 */
class StridedInputGradOrderTest {
    @Test
    void inputGradientFollowsTheDocumentedOrder() {
        qt().withExamples(scaled(120))
                .forAll(integers().between(1, 9), integers().between(1, 6), integers().between(1, 8), longs().all())
                .checkAssert((batch, cIn, cOut, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Columns in = RandomColumns.draw(rng, batch, cIn, 4, 2, 3, 10);
                    int k = in.k;
                    int s = in.win.stride();
                    int p = in.win.pad();
                    int h = in.h;
                    int w = in.w;
                    float[] wt = values(cOut * cIn * k * k, rng);
                    float[] dy = values(batch * cOut * in.plane, rng);
                    float[] dx = new float[batch * cIn * h * w];
                    DenseKernel.inputGrad(in, cOut, wt, dy, DenseKernel.gradRows(in, cOut, dy), dx);
                    int i = 0;
                    for (int n = 0; n < batch; n++) {
                        for (int ic = 0; ic < cIn; ic++) {
                            for (int iy = 0; iy < h; iy++) {
                                for (int ix = 0; ix < w; ix++) {
                                    float acc = 0f;
                                    for (int t = 0; t < k * k; t++) {
                                        int ty = iy + p - t / k;
                                        int tx = ix + p - t % k;
                                        if (ty < 0 || tx < 0 || ty % s != 0 || tx % s != 0 || ty / s >= in.oh
                                                || tx / s >= in.ow) {
                                            continue;
                                        }
                                        float col = 0f;
                                        for (int oc = 0; oc < cOut; oc++) {
                                            col += wt[(oc * cIn + ic) * k * k + t]
                                                    * dy[((n * cOut + oc) * in.oh + ty / s) * in.ow + tx / s];
                                        }
                                        acc += col;
                                    }
                                    assertEquals(Float.floatToIntBits(acc), Float.floatToIntBits(dx[i++]),
                                            in.win + " batch " + batch + " " + cIn + "->" + cOut + " at " + (i - 1));
                                }
                            }
                        }
                    }
                });
    }

    private static float[] values(int n, SplittableRandom rng) {
        return Rand.floats(n, () -> rng.nextGaussian() * Math.pow(10, rng.nextInt(5) - 2));
    }
}
