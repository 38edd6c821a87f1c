package org.dsodenet.ops.conv;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.dsodenet.ops.testing.GradCheck;
import org.dsodenet.ops.testing.Rand;
import org.dsodenet.ops.testing.ThreadCounts;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The patch form of the dense weight gradient ({@link PatchGrad}) adds in its documented order: every weight's sum
 * starts at 0 and adds {@code dy * x} one position at a time (sample, output row, output column), padding taps as
 * products with 0, and is then added to the gradient. Checked bit for bit against that order written out, against
 * an exact double sum within the rounding bound of such a sum, for any thread count, and through {@link Conv2d}
 * and {@link PointwiseConv2d} against finite differences at channel counts that take this form.
 */
class PatchGradTest {
    /** One random problem: geometry, input, output gradient and a nonzero gradient to add onto. */
    record Case(Columns in, int cOut, float[] x, float[] dy, float[] start) {
        static Case draw(int batch, int cIn, int cOut, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            Columns in = RandomColumns.draw(rng, batch, cIn, 3, 1, 2, 9);
            return new Case(in, cOut, gaussians(rng, batch * cIn * in.h * in.w),
                    gaussians(rng, batch * cOut * in.plane), gaussians(rng, cOut * cIn * in.kk));
        }

        float[] gradient() {
            float[] wg = start.clone();
            PatchGrad.weightGrad(in, cOut, x, dy, wg);
            return wg;
        }

        /** Input value of sample n, channel ic at (iy, ix), 0 in the padding. */
        float input(int n, int ic, int iy, int ix) {
            boolean inside = iy >= 0 && iy < in.h && ix >= 0 && ix < in.w;
            return inside ? x[((n * in.channels + ic) * in.h + iy) * in.w + ix] : 0f;
        }
    }

    @Test
    void weightGradientFollowsTheDocumentedOrderAndStaysNearTheExactSum() {
        qt().withExamples(scaled(120))
                .forAll(integers().between(1, 5), integers().between(1, 20), integers().between(1, 7), longs().all())
                .checkAssert((batch, cIn, cOut, seed) -> {
                    Case c = Case.draw(batch, cIn, cOut, seed);
                    Columns in = c.in();
                    float[] wg = c.gradient();
                    int s = in.win.stride();
                    int p = in.win.pad();
                    int positions = batch * in.plane;
                    for (int oc = 0; oc < cOut; oc++) {
                        for (int ic = 0; ic < cIn; ic++) {
                            for (int t = 0; t < in.kk; t++) {
                                float sum = 0f;
                                double exact = 0;
                                double abs = 0;
                                for (int n = 0; n < batch; n++) {
                                    for (int oy = 0; oy < in.oh; oy++) {
                                        for (int ox = 0; ox < in.ow; ox++) {
                                            float d = c.dy()[((n * cOut + oc) * in.oh + oy) * in.ow + ox];
                                            float v = c.input(n, ic, oy * s + t / in.k - p, ox * s + t % in.k - p);
                                            sum += d * v;
                                            exact += (double) d * v;
                                            abs += Math.abs((double) d * v);
                                        }
                                    }
                                }
                                int i = (oc * cIn + ic) * in.kk + t;
                                float start = c.start()[i];
                                String at = in.win + " batch " + batch + " " + cIn + "->" + cOut + " w" + i;
                                assertEquals(Float.floatToIntBits(start + sum), Float.floatToIntBits(wg[i]), at);
                                // one rounding per product and per addition, each at most ulp(1) of abs
                                double bound = (2.0 * positions + 2) * Math.ulp(1f) * abs
                                        + Math.ulp((float) (Math.abs(start) + abs)) + Float.MIN_NORMAL;
                                assertTrue(Math.abs(wg[i] - (start + exact)) <= bound, at + ": " + wg[i]
                                        + " vs exact " + (start + exact) + " (bound " + bound + ")");
                            }
                        }
                    }
                });
    }

    @Test
    void patchesAreBoundedAndRowsLongEnough() {
        Window three = new Window(3, 1, 1);
        assertTrue(PatchGrad.suits(new Columns(32, 64, 28, 28, three)), "28x28, 64 channels");
        assertTrue(!PatchGrad.suits(new Columns(32, 64, 128, 128, three)), "a 128x128 map would take 38 MiB");
        assertTrue(PatchGrad.suits(new Columns(32, 8, 28, 28, three)), "72 weights per output channel");
        assertTrue(!PatchGrad.suits(new Columns(32, 7, 28, 28, three)), "63 weights per output channel");
        assertTrue(!PatchGrad.suits(new Columns(32, 32, 14, 14, new Window(1, 1, 0))), "32 weights per channel");
    }

    @Test
    void threadCountDoesNotChangeTheFloats() {
        qt().withExamples(scaled(30))
                .forAll(integers().between(1, 4), integers().between(14, 20), integers().between(1, 9), longs().all())
                .checkAssert((batch, cIn, cOut, seed) -> {
                    Case c = Case.draw(batch, cIn, cOut, seed);
                    ThreadCounts.compare(c::gradient, (one, three) -> assertArrayEquals(one, three));
                });
    }

    @Test
    void wideConvolutionBackwardMatchesFiniteDifferences() {
        qt().withExamples(scaled(8))
                .forAll(integers().between(8, 18), integers().between(1, 3), integers().between(1, 2), longs().all())
                .checkAssert((cIn, cOut, stride, seed) -> {
                    Window win = new Window(3, stride, 1);
                    int hw = 3 + (int) Math.floorMod(seed, 3L);
                    assertTrue(PatchGrad.suits(new Columns(2, cIn, hw, hw, win)), "the case takes the patch form");
                    Conv2d conv = Conv2d.init("conv", cIn, cOut, win, (seed & 1) == 0, new SplittableRandom(seed));
                    Rand.params(conv, new SplittableRandom(seed + 1), 0.5);
                    GradCheck.standard().check(conv, Tensor.randn(Shape.nchw(2, cIn, hw, hw), seed), seed + 2);
                });
    }

    @Test
    void widePointwiseBackwardMatchesFiniteDifferences() {
        qt().withExamples(scaled(4))
                .forAll(integers().between(64, 66), integers().between(1, 2), integers().between(1, 3), longs().all())
                .checkAssert((cIn, cOut, hw, seed) -> {
                    assertTrue(PatchGrad.suits(new Columns(2, cIn, hw, hw, new Window(1, 1, 0))),
                            "the case takes the patch form");
                    PointwiseConv2d pw = PointwiseConv2d.init("pw", cIn, cOut, (seed & 1) == 0,
                            new SplittableRandom(seed));
                    Rand.params(pw, new SplittableRandom(seed + 1), 0.5);
                    GradCheck.standard().check(pw, Tensor.randn(Shape.nchw(2, cIn, hw, hw), seed), seed + 2);
                });
    }

    /** Normal values scaled by 0.01 to 100, so that another summation order would show in the last bits. */
    private static float[] gaussians(SplittableRandom rng, int n) {
        return Rand.floats(n, () -> rng.nextGaussian() * Math.pow(10, rng.nextInt(5) - 2));
    }
}
