package org.dsodenet.ops.norm;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.dsodenet.ops.testing.Rand;
import org.dsodenet.ops.testing.ThreadCounts;
import org.junit.jupiter.api.Test;

/**
 * Batch norm's channel sums ({@link ChannelSums}), statistics and backward, add in their documented order: per
 * position the samples in order in float, then the positions in {@link Sums#sum}'s order in double. Checked bit for
 * bit against that order written out, against exact double sums within the rounding bound of such sums, and for any
 * thread count, on maps from 1×1 to 40×40 (one channel per block up to many).
 */
class ChannelSumsTest {
    /** One random problem: dy, x and per-channel mean and 1/σ. */
    record Case(int batch, int channels, int plane, float[] dy, float[] x, float[] mean, float[] invStd) {
        static Case draw(int batch, int channels, int hw, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            int plane = hw * (1 + rng.nextInt(hw));
            int size = batch * channels * plane;
            float[] mean = new float[channels];
            float[] invStd = new float[channels];
            for (int c = 0; c < channels; c++) {
                mean[c] = (float) rng.nextGaussian();
                invStd[c] = (float) Math.exp(rng.nextGaussian());
            }
            return new Case(batch, channels, plane, values(size, rng), values(size, rng), mean, invStd);
        }

        /** Means, then sums of squared deviations. */
        double[][] statistics() {
            double[][] out = new double[2][channels];
            ChannelSums.statistics(x, batch, channels, plane, out[0], out[1]);
            return out;
        }

        double[][] sums() {
            double[][] out = new double[2][channels];
            ChannelSums.gradients(dy, x, batch, channels, plane, mean, invStd, out[0], out[1]);
            return out;
        }
    }

    @Test
    void sumsFollowTheDocumentedOrderAndStayNearTheExactSums() {
        qt().withExamples(scaled(150))
                .forAll(integers().between(1, 70), integers().between(1, 6), integers().between(1, 40), longs().all())
                .checkAssert((batch, channels, hw, seed) -> {
                    Case cs = Case.draw(batch, channels, hw, seed);
                    double[][] got = cs.sums();
                    int plane = cs.plane();
                    for (int c = 0; c < channels; c++) {
                        float[] perDy = new float[plane];
                        float[] perDyXhat = new float[plane];
                        double[] exact = new double[2];
                        double[] abs = new double[2];
                        for (int n = 0; n < batch; n++) {
                            int o = (n * channels + c) * plane;
                            for (int i = 0; i < plane; i++) {
                                float d = cs.dy()[o + i];
                                float xhat = (cs.x()[o + i] - cs.mean()[c]) * cs.invStd()[c];
                                perDy[i] += d;
                                perDyXhat[i] += d * xhat;
                                exact[0] += d;
                                exact[1] += (double) d * xhat;
                                abs[0] += Math.abs(d);
                                abs[1] += Math.abs((double) d * xhat);
                            }
                        }
                        String at = batch + "x" + channels + "x" + plane + " channel " + c;
                        assertEquals(Sums.sum(perDy, 0, plane), got[0][c], 0.0, at + " dy");
                        assertEquals(Sums.sum(perDyXhat, 0, plane), got[1][c], 0.0, at + " dy*xhat");
                        for (int k = 0; k < 2; k++) {
                            // batch float additions and one product per term, each within ulp(1) of abs
                            double bound = (batch + 2) * Math.ulp(1f) * abs[k] + Double.MIN_NORMAL;
                            assertTrue(Math.abs(got[k][c] - exact[k]) <= bound,
                                    at + " sum " + k + ": " + got[k][c] + " vs exact " + exact[k]);
                        }
                    }
                });
    }

    @Test
    void statisticsFollowTheDocumentedOrderAndStayNearTheExactSums() {
        qt().withExamples(scaled(150))
                .forAll(integers().between(1, 70), integers().between(1, 6), integers().between(1, 40), longs().all())
                .checkAssert((batch, channels, hw, seed) -> {
                    Case cs = Case.draw(batch, channels, hw, seed);
                    double[][] got = cs.statistics();
                    int plane = cs.plane();
                    double count = (double) batch * plane;
                    for (int c = 0; c < channels; c++) {
                        float[] perX = new float[plane];
                        double exact = 0;
                        double abs = 0;
                        for (int n = 0; n < batch; n++) {
                            for (int i = 0; i < plane; i++) {
                                float v = cs.x()[(n * channels + c) * plane + i];
                                perX[i] += v;
                                exact += v;
                                abs += Math.abs(v);
                            }
                        }
                        String at = batch + "x" + channels + "x" + plane + " channel " + c;
                        double mean = Sums.sum(perX, 0, plane) / count;
                        assertEquals(mean, got[0][c], 0.0, at + " mean");
                        assertTrue(Math.abs(mean - exact / count) <= (batch + 2) * Math.ulp(1f) * abs / count
                                + Double.MIN_NORMAL, at + " mean " + mean + " vs exact " + exact / count);
                        float meanF = (float) mean;
                        float[] perSq = new float[plane];
                        double exactSq = 0;
                        for (int n = 0; n < batch; n++) {
                            for (int i = 0; i < plane; i++) {
                                float v = cs.x()[(n * channels + c) * plane + i];
                                float d = v - meanF;
                                perSq[i] += d * d;
                                exactSq += ((double) v - meanF) * ((double) v - meanF);
                            }
                        }
                        assertEquals(Sums.sum(perSq, 0, plane), got[1][c], 0.0, at + " squares");
                        // a deviation, its square and batch additions, each within ulp(1) of the exact sum
                        assertTrue(Math.abs(got[1][c] - exactSq) <= (batch + 4) * Math.ulp(1f) * exactSq
                                + Double.MIN_NORMAL, at + " squares " + got[1][c] + " vs exact " + exactSq);
                    }
                });
    }

    @Test
    void threadCountDoesNotChangeTheSums() {
        qt().withExamples(scaled(40))
                .forAll(integers().between(1, 9), integers().between(1, 12), integers().between(1, 30), longs().all())
                .checkAssert((batch, channels, hw, seed) -> {
                    Case cs = Case.draw(batch, channels, hw, seed);
                    ThreadCounts.compare(cs::sums, (one, three) -> assertArrayEquals(one, three));
                    ThreadCounts.compare(cs::statistics, (one, three) -> assertArrayEquals(one, three));
                });
    }

    /** Normal values scaled by 0.01 to 100, so that another summation order would show in the last bits. */
    private static float[] values(int n, SplittableRandom rng) {
        return Rand.floats(n, () -> rng.nextGaussian() * Math.pow(10, rng.nextInt(5) - 2));
    }
}
