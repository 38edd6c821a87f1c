package org.dsodenet.ops.fixed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.junit.jupiter.api.Test;

/** A depthwise convolution sees only its own channel, unlike a dense one. */
class DepthwiseTest {
    static final FixedType X = FixedType.parse("ap_fixed<8,4>");
    static final FixedType W = FixedType.parse("ap_fixed<8,2>");
    static final FixedType ACC = FixedType.parse("ap_fixed<32,12>"); // exact for these sizes
    static final FixedType OUT = FixedType.parse("ap_fixed<32,12>");
    static final int C = 3;
    static final int H = 5;

    private static long[] randomRaws(SplittableRandom r, FixedType t, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = t.minRaw() + r.nextLong(t.maxRaw() - t.minRaw() + 1);
        }
        return out;
    }

    private static double[] run(QNetwork net, long[] x) {
        return new FixedForward(net).run(x).output().values();
    }

    /** Direct double evaluation of a 3×3, pad 1, stride 1 depthwise convolution: exact for these small types. */
    private static double[] direct(long[] x, long[] w, long[] bias) {
        double[] y = new double[C * H * H];
        for (int c = 0; c < C; c++) {
            for (int oy = 0; oy < H; oy++) {
                for (int ox = 0; ox < H; ox++) {
                    double s = Fx.toDouble(bias[c], W);
                    for (int ky = 0; ky < 3; ky++) {
                        for (int kx = 0; kx < 3; kx++) {
                            int iy = oy + ky - 1;
                            int ix = ox + kx - 1;
                            if (iy >= 0 && iy < H && ix >= 0 && ix < H) {
                                s += Fx.toDouble(x[(c * H + iy) * H + ix], X) * Fx.toDouble(w[(c * 3 + ky) * 3 + kx], W);
                            }
                        }
                    }
                    y[(c * H + oy) * H + ox] = s;
                }
            }
        }
        return y;
    }

    @Test
    void eachChannelUsesOnlyItsOwnInputAndWeights() {
        SplittableRandom r = new SplittableRandom(7);
        long[] w = randomRaws(r, W, C * 9);
        long[] bias = randomRaws(r, W, C);
        QDepthwiseConv2d dw = new QDepthwiseConv2d("dw", C, 3, 1, 1, w, bias, new AccTypes(W, W, ACC, OUT));
        QNetwork net = new QNetwork("n", new Dims(C, H, H), X, List.of(dw));
        // Channels with different content: a ramp, random values, and a constant.
        long[] x = new long[C * H * H];
        for (int i = 0; i < H * H; i++) {
            x[i] = i - 12;
            x[2 * H * H + i] = 37;
        }
        long[] noise = randomRaws(r, X, H * H);
        System.arraycopy(noise, 0, x, H * H, H * H);
        double[] y = run(net, x);
        assertArrayEquals(direct(x, w, bias), y);

        // Changing channel 1 changes only output channel 1.
        long[] x2 = x.clone();
        for (int i = H * H; i < 2 * H * H; i++) {
            x2[i] = -x2[i] / 2;
        }
        double[] y2 = run(net, x2);
        int plane = H * H;
        assertArrayEquals(Arrays.copyOfRange(y, 0, plane), Arrays.copyOfRange(y2, 0, plane));
        assertArrayEquals(Arrays.copyOfRange(y, 2 * plane, 3 * plane), Arrays.copyOfRange(y2, 2 * plane, 3 * plane));
        assertNotEquals(Arrays.toString(Arrays.copyOfRange(y, plane, 2 * plane)),
                Arrays.toString(Arrays.copyOfRange(y2, plane, 2 * plane)));
    }

    @Test
    void equalsDenseConvolutionWithBlockDiagonalWeightsOnly() {
        SplittableRandom r = new SplittableRandom(11);
        long[] w = randomRaws(r, W, C * 9);
        long[] x = randomRaws(r, X, C * H * H);
        AccTypes types = new AccTypes(W, W, ACC, OUT);
        QNetwork dwNet = new QNetwork("dw", new Dims(C, H, H), X,
                List.of(new QDepthwiseConv2d("dw", C, 3, 1, 1, w, null, types)));
        // The same kernels on the diagonal of a dense [C][C][3][3] weight tensor, zeros elsewhere.
        long[] dense = new long[C * C * 9];
        for (int c = 0; c < C; c++) {
            System.arraycopy(w, c * 9, dense, (c * C + c) * 9, 9);
        }
        QNetwork diag = new QNetwork("conv", new Dims(C, H, H), X,
                List.of(new QConv2d("conv", C, C, 3, 1, 1, dense, null, types)));
        double[] y = run(dwNet, x);
        assertArrayEquals(run(diag, x), y);
        // Spreading each kernel over all input channels (what a dense convolution would do) changes the result.
        long[] full = new long[C * C * 9];
        for (int oc = 0; oc < C; oc++) {
            for (int ic = 0; ic < C; ic++) {
                System.arraycopy(w, oc * 9, full, (oc * C + ic) * 9, 9);
            }
        }
        QNetwork spread = new QNetwork("conv", new Dims(C, H, H), X,
                List.of(new QConv2d("conv", C, C, 3, 1, 1, full, null, types)));
        assertNotEquals(Arrays.toString(run(spread, x)), Arrays.toString(y));
        assertEquals(C * H * H, y.length);
    }
}
