package org.dsodenet.ops.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.dsodenet.ops.parallel.Parallel;
import org.dsodenet.ops.testing.Rand;
import org.junit.jupiter.api.Test;

/**
 * The tall-plane depthwise weight and bias gradients add in one documented order: per output position the
 * samples in order, then each channel's tap sums its plane's positions in {@link Rows#sum} order (position i of
 * the plane, row-major, to accumulator i mod 8). Checked bit for bit against that order written out with plain
 * indices, and against an exact double sum within the rounding bound of such a sum.
 */
class DepthwiseWeightGradOrderTest {
    /** {@link Rows#sum}'s order over {@code v}: eight interleaved accumulators, then added pairwise. */
    static float eightChains(float[] v) {
        float[] s = new float[8];
        int q = 0;
        for (; q + 8 <= v.length; q += 8) {
            for (int j = 0; j < 8; j++) {
                s[j] += v[q + j];
            }
        }
        for (; q < v.length; q++) {
            s[0] += v[q];
        }
        return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
    }

    /** Input value of sample n, channel c at (iy, ix), 0 in the zero padding. */
    static float at(DepthwiseCase cs, float[] x, int n, int c, int iy, int ix) {
        if (iy < 0 || iy >= cs.h() || ix < 0 || ix >= cs.w()) {
            return 0f;
        }
        return x[((n * cs.channels() + c) * cs.h() + iy) * cs.w() + ix];
    }

    @Test
    void gradientsFollowTheDocumentedOrderAndStayNearTheExactSums() {
        DepthwiseCase.forAll(150, 40, DepthwisePlaneKernelTest::draw, 3, (cs, rng) -> {
            float[] x = cs.input(rng);
            float[] dy = Rand.normals(x.length, rng);
            int k = cs.win().k();
            int pad = cs.win().pad();
            int plane = cs.h() * cs.w();
            float[] wg = Rand.normals(cs.channels() * cs.taps(), rng);
            float[] bg = Rand.normals(cs.channels(), rng);
            float[] wgRef = wg.clone();
            float[] bgRef = bg.clone();
            DepthwisePlaneKernel.paramGrad(new TallPlanes(cs.batch(), cs.channels(), cs.h(), cs.w(), cs.win()),
                    x, dy, wg, bg);
            for (int c = 0; c < cs.channels(); c++) {
                for (int t = 0; t <= cs.taps(); t++) {
                    boolean bias = t == cs.taps();
                    float[] perPosition = new float[plane];
                    double exact = 0;
                    double abs = 0;
                    for (int oy = 0; oy < cs.h(); oy++) {
                        for (int ox = 0; ox < cs.w(); ox++) {
                            float a = 0f;
                            for (int n = 0; n < cs.batch(); n++) {
                                float d = dy[((n * cs.channels() + c) * cs.h() + oy) * cs.w() + ox];
                                float term = bias ? d : d * at(cs, x, n, c, oy + t / k - pad, ox + t % k - pad);
                                a += term;
                                exact += bias ? d : (double) d * at(cs, x, n, c, oy + t / k - pad, ox + t % k - pad);
                                abs += Math.abs(term);
                            }
                            perPosition[oy * cs.w() + ox] = a;
                        }
                    }
                    float[] got = bias ? bg : wg;
                    float[] ref = bias ? bgRef : wgRef;
                    int i = bias ? c : c * cs.taps() + t;
                    float start = ref[i];
                    ref[i] += eightChains(perPosition);
                    assertEquals(ref[i], got[i], 0f, cs + (bias ? " bias " : " tap " + t) + " of channel " + c);
                    // samples in order, then plane/8 + 3 additions: each rounding errs by at most ulp(1) of abs
                    double bound = (cs.batch() + plane / 8.0 + 6) * Math.ulp(1f) * abs
                            + Math.ulp((float) (Math.abs(start) + abs)) + Float.MIN_NORMAL;
                    assertTrue(Math.abs(got[i] - (start + exact)) <= bound,
                            cs + ": " + got[i] + " vs " + (start + exact));
                }
            }
        });
    }

    /**
     * The rows stack a sample's channels without padding between them, so off-map taps read neighbouring planes and
     * whatever the scratch rows held before; their sums must be discarded. Scratch rows full of NaN and infinities
     * (on one thread, so the kernel gets these very rows) must give the very floats that zeroed rows give.
     */
    @Test
    void staleScratchValuesNeverReachTheGradients() {
        int saved = Parallel.threads();
        Parallel.setThreads(1);
        try {
            DepthwiseCase.forAll(60, 12, DepthwisePlaneKernelTest::draw, 4, (cs, rng) -> {
                float[] x = cs.input(rng);
                float[] dy = Rand.normals(x.length, rng);
                TallPlanes planes = new TallPlanes(cs.batch(), cs.channels(), cs.h(), cs.w(), cs.win());
                float[] clean = new float[cs.channels() * cs.taps()];
                float[] cleanBias = new float[cs.channels()];
                poison(new SplittableRandom(0), 0f);
                DepthwisePlaneKernel.paramGrad(planes, x, dy, clean, cleanBias);
                float[] wg = new float[clean.length];
                float[] bg = new float[cleanBias.length];
                poison(rng, Float.NaN);
                DepthwisePlaneKernel.paramGrad(planes, x, dy, wg, bg);
                assertArrayEquals(clean, wg, cs.toString());
                assertArrayEquals(cleanBias, bg, cs.toString());
            });
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /** Fills the calling thread's scratch rows with {@code v}, or with infinities where a draw says so. */
    private static void poison(SplittableRandom rng, float v) {
        for (int slot = 0; slot < AlignedRows.SLOTS; slot++) {
            for (float[] row : AlignedRows.rows(slot, 40, 4096)) {
                Arrays.fill(row, v);
                for (int i = 0; i < row.length; i += 1 + rng.nextInt(7)) {
                    row[i] = v == 0f ? 0f : Float.POSITIVE_INFINITY;
                }
            }
        }
    }
}
