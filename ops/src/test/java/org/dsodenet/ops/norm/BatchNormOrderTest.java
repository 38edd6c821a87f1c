package org.dsodenet.ops.norm;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.dsodenet.ops.testing.Rand;
import org.junit.jupiter.api.Test;

/**
 * Batch norm's statistics and gradients are the floats of {@link ChannelSums}' order written out: per position the
 * samples in float, then the positions in {@link Sums#sum}'s order in double; squared deviations from the float
 * mean; backward recomputes xhat from the input, so its floats must be those forward normalized with.
 */
class BatchNormOrderTest {
    /** Values of mixed magnitudes, so that a different summation order would show in the last bits. */
    static float[] values(int n, SplittableRandom rng) {
        return Rand.floats(n, () -> rng.nextGaussian() * Math.pow(10, rng.nextInt(7) - 3));
    }

    @Test
    void statisticsAndGradientsFollowTheDocumentedOrder() {
        qt().withExamples(scaled(50))
                .forAll(integers().between(1, 7), integers().between(1, 3), integers().between(1, 6), longs().all())
                .checkAssert((batch, channels, hw, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    int plane = hw * hw;
                    float[] x = values(batch * channels * plane, rng);
                    float[] dy = values(x.length, rng);
                    // momentum 1: the running statistics become the batch statistics, rounded once to float
                    BatchNorm2d bn = new BatchNorm2d("bn", channels, 1e-5, 1.0);
                    bn.forward(Tensor.wrap(Shape.nchw(batch, channels, hw, hw), x), true);
                    bn.zeroGrad();
                    float[] dx = bn.backward(Tensor.wrap(Shape.nchw(batch, channels, hw, hw), dy)).data();
                    int m = batch * plane;
                    for (int c = 0; c < channels; c++) {
                        float[] perX = new float[plane];
                        for (int n = 0; n < batch; n++) {
                            for (int i = 0; i < plane; i++) {
                                perX[i] += x[(n * channels + c) * plane + i];
                            }
                        }
                        double mean = Sums.sum(perX, 0, plane) / m;
                        float[] perSq = new float[plane];
                        for (int n = 0; n < batch; n++) {
                            for (int i = 0; i < plane; i++) {
                                float d = x[(n * channels + c) * plane + i] - (float) mean;
                                perSq[i] += d * d;
                            }
                        }
                        double sq = Sums.sum(perSq, 0, plane);
                        assertEquals((float) mean, bn.runningMean()[c], 0f, "mean " + c);
                        assertEquals((float) (m > 1 ? sq / (m - 1) : sq / m), bn.runningVar()[c], 0f, "var " + c);
                        float meanF = (float) mean;
                        float isF = (float) (1.0 / Math.sqrt(sq / m + 1e-5));
                        // per position the samples in order in float, then the positions in Sums.sum's order
                        float[] perDy = new float[plane];
                        float[] perDyXhat = new float[plane];
                        for (int n = 0; n < batch; n++) {
                            int o = (n * channels + c) * plane;
                            for (int i = 0; i < plane; i++) {
                                perDy[i] += dy[o + i];
                                perDyXhat[i] += dy[o + i] * ((x[o + i] - meanF) * isF);
                            }
                        }
                        double sumDy = Sums.sum(perDy, 0, plane);
                        double sumDyXhat = Sums.sum(perDyXhat, 0, plane);
                        assertEquals((float) sumDy, bn.beta().grad()[c], 0f, "beta grad " + c);
                        assertEquals((float) sumDyXhat, bn.gamma().grad()[c], 0f, "gamma grad " + c);
                        // dx = gamma * invStd * (dy - mean(dy) - xhat * mean(dy * xhat)), xhat as forward rounds it
                        float k = bn.gamma().value()[c] * isF;
                        float meanDy = (float) (sumDy / m);
                        float meanDyXhat = (float) (sumDyXhat / m);
                        for (int n = 0; n < batch; n++) {
                            int o = (n * channels + c) * plane;
                            for (int i = o; i < o + plane; i++) {
                                float xh = (x[i] - meanF) * isF;
                                assertEquals(k * (dy[i] - meanDy - xh * meanDyXhat), dx[i], 0f, "dx " + i);
                            }
                        }
                    }
                });
    }
}
