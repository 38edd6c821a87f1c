package org.dsodenet.ops.conv;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.SplittableRandom;
import org.dsodenet.ops.testing.Rand;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Forward of the convolutions against direct double-precision definitions. */
class ConvForwardTest {
    /** out[n][oc][oy][ox] = b[oc] + sum over ic, ky, kx inside the image, straight from the definition. */
    static double[] referenceConv(Tensor x, float[] w, float[] b, int cOut, int k, int s, int p, boolean depthwise) {
        Shape sh = x.shape();
        int cIn = sh.c();
        int h = sh.h();
        int wd = sh.w();
        int oh = (h + 2 * p - k) / s + 1;
        int ow = (wd + 2 * p - k) / s + 1;
        double[] out = new double[sh.n() * cOut * oh * ow];
        int i = 0;
        for (int n = 0; n < sh.n(); n++) {
            for (int oc = 0; oc < cOut; oc++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double acc = b == null ? 0 : b[oc];
                        for (int ic = 0; ic < cIn; ic++) {
                            if (depthwise && ic != oc) {
                                continue;
                            }
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int iy = oy * s + ky - p;
                                    int ix = ox * s + kx - p;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= wd) {
                                        continue;
                                    }
                                    int wi = depthwise ? (oc * k + ky) * k + kx : ((oc * cIn + ic) * k + ky) * k + kx;
                                    acc += (double) w[wi] * x.get(n, ic, iy, ix);
                                }
                            }
                        }
                        out[i++] = acc;
                    }
                }
            }
        }
        return out;
    }

    static void assertClose(double[] expected, Tensor actual, double tol) {
        assertEquals(expected.length, actual.size());
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            assertEquals(e, actual.data()[i], tol * (1 + Math.abs(e)), "element " + i);
        }
    }

    @Test
    void conv2dMatchesDefinition() {
        qt().withExamples(scaled(100)).forAll(ConvGradientTest.cases()).checkAssert(c -> {
            Conv2d conv = Conv2d.init("conv", c.cIn(), c.cOut(), c.window(), c.bias(), new SplittableRandom(c.seed()));
            Rand.params(conv, new SplittableRandom(c.seed() + 1), 1.0);
            Tensor x = c.input();
            Tensor y = conv.forward(x, false);
            assertEquals(Shape.nchw(c.batch(), c.cOut(), (c.h() + 2 * c.pad() - c.k()) / c.stride() + 1,
                    (c.w() + 2 * c.pad() - c.k()) / c.stride() + 1), y.shape());
            assertClose(referenceConv(x, conv.weight().value(), c.bias() ? conv.bias().value() : null, c.cOut(),
                    c.k(), c.stride(), c.pad(), false), y, 1e-5);
        });
    }

    @Test
    void depthwiseMatchesPerChannelDefinition() {
        qt().withExamples(scaled(100)).forAll(ConvGradientTest.cases()).checkAssert(c -> {
            DepthwiseConv2d dw = DepthwiseConv2d.init("dw", c.cIn(), c.window(), c.bias(),
                    new SplittableRandom(c.seed()));
            Rand.params(dw, new SplittableRandom(c.seed() + 1), 1.0);
            Tensor x = c.input();
            assertClose(referenceConv(x, dw.weight().value(), c.bias() ? dw.bias().value() : null, c.cIn(), c.k(),
                    c.stride(), c.pad(), true), dw.forward(x, false), 1e-5);
        });
    }

    @Test
    void depthwiseIsNotADenseConvolution() {
        // Channels with clearly different content: a dense conv that sums all input channels per output would mix
        // them; depthwise output channel c must depend on input channel c only.
        int c = 3;
        Tensor x = Tensor.zeros(Shape.nchw(1, c, 5, 5));
        for (int y = 0; y < 5; y++) {
            for (int xx = 0; xx < 5; xx++) {
                x.set(0, 0, y, xx, 1f);
                x.set(0, 1, y, xx, (float) (y * 5 + xx));
                x.set(0, 2, y, xx, (y + xx) % 2 == 0 ? -3f : 2f);
            }
        }
        float[] w = new float[c * 9];
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.nextGaussian();
        }
        DepthwiseConv2d dw = new DepthwiseConv2d("dw", c, new Window(3, 1, 1), w, null);
        Tensor y = dw.forward(x, false);
        double[] perChannel = referenceConv(x, w, null, c, 3, 1, 1, true);
        assertClose(perChannel, y, 1e-5);
        // The dense convolution with each output's kernel repeated over all inputs differs.
        float[] dense = new float[c * c * 9];
        for (int oc = 0; oc < c; oc++) {
            for (int ic = 0; ic < c; ic++) {
                System.arraycopy(w, oc * 9, dense, (oc * c + ic) * 9, 9);
            }
        }
        Tensor yDense = new Conv2d("dense", c, c, new Window(3, 1, 1), dense, null).forward(x, false);
        double maxDiff = 0;
        for (int i = 0; i < y.size(); i++) {
            maxDiff = Math.max(maxDiff, Math.abs(y.data()[i] - yDense.data()[i]));
        }
        assertTrue(maxDiff > 1, "depthwise output equals a dense convolution (max difference " + maxDiff + ")");
        // Changing input channel 1 leaves output channels 0 and 2 unchanged.
        Tensor x2 = x.copy();
        x2.set(0, 1, 2, 2, 100f);
        Tensor y2 = dw.forward(x2, false);
        for (int ch : new int[] {0, 2}) {
            for (int yy = 0; yy < 5; yy++) {
                for (int xx = 0; xx < 5; xx++) {
                    assertEquals(y.get(0, ch, yy, xx), y2.get(0, ch, yy, xx));
                }
            }
        }
        assertTrue(y.get(0, 1, 2, 2) != y2.get(0, 1, 2, 2));
    }

    @Test
    void pointwiseEqualsOneByOneConvolution() {
        qt().withExamples(scaled(50)).forAll(ConvGradientTest.cases()).checkAssert(c -> {
            PointwiseConv2d pw = PointwiseConv2d.init("pw", c.cIn(), c.cOut(), c.bias(), new SplittableRandom(c.seed()));
            Rand.params(pw, new SplittableRandom(c.seed() + 1), 1.0);
            Conv2d conv = new Conv2d("c1", c.cIn(), c.cOut(), new Window(1, 1, 0), pw.weight().value().clone(),
                    c.bias() ? pw.bias().value().clone() : null);
            Tensor x = c.input();
            // Same reduction order (bias, then input channels), so the float results are identical.
            assertArrayEquals(conv.forward(x, false).data(), pw.forward(x, false).data());
        });
    }

    @Test
    void stridedExampleByHand() {
        // 1 channel, 4x4 input 0..15, 2x2 kernel of ones, stride 2, no padding: sums of 2x2 blocks.
        float[] v = new float[16];
        for (int i = 0; i < 16; i++) {
            v[i] = i;
        }
        Conv2d conv = new Conv2d("c", 1, 1, new Window(2, 2, 0), new float[] {1, 1, 1, 1}, new float[] {0.5f});
        Tensor y = conv.forward(Tensor.of(Shape.nchw(1, 1, 4, 4), v), false);
        assertArrayEquals(new float[] {0 + 1 + 4 + 5 + 0.5f, 2 + 3 + 6 + 7 + 0.5f, 8 + 9 + 12 + 13 + 0.5f,
            10 + 11 + 14 + 15 + 0.5f}, y.data());
    }

    @Test
    void badInputIsRefusedWithAMessage() {
        Conv2d conv = Conv2d.init("stem", 3, 4, new Window(3, 1, 1), true, new SplittableRandom(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> conv.forward(Tensor.zeros(Shape.nchw(1, 2, 5, 5)), false));
        assertEquals("stem: input has 2 channels, expected 3", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Window(3, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> new Window(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Window(3, 0, 1));
        Conv2d big = Conv2d.init("big", 1, 1, new Window(5, 1, 0), false, new SplittableRandom(1));
        assertThrows(IllegalArgumentException.class, () -> big.forward(Tensor.zeros(Shape.nchw(1, 1, 3, 3)), false));
        assertThrows(IllegalArgumentException.class,
                () -> new Conv2d("w", 2, 2, new Window(3, 1, 1), new float[17], null));
        conv.forward(Tensor.zeros(Shape.nchw(1, 3, 5, 5)), true);
        IllegalArgumentException g = assertThrows(IllegalArgumentException.class,
                () -> conv.backward(Tensor.zeros(Shape.nchw(1, 4, 4, 4))));
        assertTrue(g.getMessage().startsWith("stem output gradient has shape"), g.getMessage());
    }
}
