package org.dsodenet.data.transform;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.floats;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.Random;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.Datasets;
import org.junit.jupiter.api.Test;

class TransformsTest {

    static Dataset constant(int n, int c, int h, int w, float v) {
        float[] x = new float[n * c * h * w];
        Arrays.fill(x, v);
        return Dataset.of("const", x, new int[n], c, h, w, 1);
    }

    static Dataset random(long seed, int n, int c, int h, int w) {
        Random r = new Random(seed);
        float[] x = new float[n * c * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(3);
        }
        return Dataset.of("rnd", x, y, c, h, w, 3);
    }

    @Test
    void resizingAConstantImageGivesExactlyThatConstant() {
        qt().withExamples(scaled(150))
                .forAll(integers().between(1, 40), integers().between(1, 40), integers().between(1, 40),
                floats().between(-3f, 3f)).checkAssert((from, to, other, v) -> {
                    Dataset d = constant(2, 2, from, other, v);
                    Dataset r = Transforms.resize(d, to, Math.max(1, other / 2 + to % 7));
                    assertEquals(to, r.height());
                    for (float x : r.images()) {
                        assertEquals(v, x, 0f);
                    }
                });
    }

    @Test
    void enlargingUsesHalfPixelBilinearWithEdgeClamp() {
        // Hand-computed: output centres at 0.25, 0.75, 1.25, 1.75 input pixels; input centres at 0.5 and 1.5, so a row
        // [0, 1] becomes [0, 0.25, 0.75, 1] (same as OpenCV INTER_LINEAR or PyTorch align_corners=False).
        Dataset d = Dataset.of("d", new float[] {0, 1, 2, 3}, new int[] {0}, 1, 2, 2, 1);
        Dataset r = Transforms.resize(d, 4, 4);
        assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f}, Arrays.copyOfRange(r.images(), 0, 4));
        assertArrayEquals(new float[] {0.5f, 0.75f, 1.25f, 1.5f}, Arrays.copyOfRange(r.images(), 4, 8));
        assertArrayEquals(new float[] {2f, 2.25f, 2.75f, 3f}, Arrays.copyOfRange(r.images(), 12, 16));
    }

    @Test
    void shrinkingAveragesInsteadOfSampling() {
        // A 1-pixel-wide stripe pattern 0,1,0,1,… shrunk 4× must come out near its mean 0.5, not 0 or 1.
        float[] x = new float[16];
        for (int i = 0; i < 16; i++) {
            x[i] = i % 2;
        }
        Dataset r = Transforms.resize(Dataset.of("s", x, new int[] {0}, 1, 1, 16, 1), 1, 4);
        for (float v : r.images()) {
            assertTrue(Math.abs(v - 0.5f) < 0.05f, "got " + v);
        }
        // Halving keeps the overall mean of a smooth ramp
        float[] ramp = new float[64];
        for (int i = 0; i < 64; i++) {
            ramp[i] = i / 63f;
        }
        Dataset half = Transforms.resize(Dataset.of("r", ramp, new int[] {0}, 1, 8, 8, 1), 4, 4);
        assertEquals(Transforms.stats(Dataset.of("r", ramp, new int[] {0}, 1, 8, 8, 1)).mean()[0],
                Transforms.stats(half).mean()[0], 1e-6f);
    }

    @Test
    void sameSizeResizeIsTheIdentity() {
        Dataset d = random(1, 3, 1, 5, 7);
        assertSame(d, Transforms.resize(d, 5, 7));
    }

    @Test
    void padAddsBordersAndCropUndoesIt() {
        qt().withExamples(scaled(60)).forAll(longs().all(), integers().between(0, 4), integers().between(0, 4),
                floats().between(-1f, 1f)).checkAssert((seed, a, b, v) -> {
                    Dataset d = random(seed, 2, 3, 3 + (int) Math.floorMod(seed, 4L), 4);
                    Dataset p = Transforms.pad(d, a, a + b, b, a, v);
                    assertEquals(d.height() + 2 * a + b, p.height());
                    assertEquals(d.width() + a + b, p.width());
                    for (int i = 0; i < d.size(); i++) {
                        for (int c = 0; c < 3; c++) {
                            for (int y = 0; y < p.height(); y++) {
                                for (int x = 0; x < p.width(); x++) {
                                    boolean inside = y >= a && y < a + d.height() && x >= b && x < b + d.width();
                                    float expected = inside ? d.pixel(i, c, y - a, x - b) : v;
                                    assertEquals(expected, p.pixel(i, c, y, x));
                                }
                            }
                        }
                    }
                    Dataset centred = Transforms.padTo(d, d.height() + 2 * a, d.width() + 2 * b, v);
                    assertArrayEquals(d.images(), Transforms.centerCrop(centred, d.height(), d.width()).images());
                    assertArrayEquals(d.labels(), p.labels());
                });
        assertThrows(IllegalArgumentException.class, () -> Transforms.pad(random(1, 1, 1, 2, 2), -1, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Transforms.padTo(random(1, 1, 1, 2, 2), 1, 2, 0));
    }

    @Test
    void greyAndRgbConversions() {
        Dataset grey = random(2, 4, 1, 3, 3);
        Dataset rgb = Transforms.toRgb(grey);
        assertEquals(3, rgb.channels());
        for (int c = 0; c < 3; c++) {
            assertEquals(grey.pixel(3, 0, 2, 1), rgb.pixel(3, c, 2, 1));
        }
        Dataset back = Transforms.toGrey(rgb);
        float[] g = grey.images();
        float[] b = back.images();
        for (int i = 0; i < g.length; i++) {
            assertEquals(g[i], b[i], 1e-6f);
        }
        Dataset red = Dataset.of("red", new float[] {1, 0, 0}, new int[] {0}, 3, 1, 1, 1);
        assertEquals(0.299f, Transforms.toGrey(red).pixel(0, 0, 0, 0), 1e-7f);
        Dataset blue = Dataset.of("blue", new float[] {0, 0, 1}, new int[] {0}, 3, 1, 1, 1);
        assertEquals(0.114f, Transforms.toGrey(blue).pixel(0, 0, 0, 0), 1e-7f);
        assertSame(grey, Transforms.toGrey(grey));
        assertSame(rgb, Transforms.toRgb(rgb));
        assertThrows(IllegalArgumentException.class, () -> Transforms.toChannels(grey, 2));
        assertThrows(IllegalArgumentException.class, () -> Transforms.toGrey(random(1, 1, 2, 2, 2)));
    }

    @Test
    void normaliseGivesZeroMeanUnitStdPerChannel() {
        Dataset d = random(3, 50, 3, 4, 4);
        Dataset n = Transforms.normalise(d, Transforms.stats(d));
        ChannelStats s = Transforms.stats(n);
        for (int c = 0; c < 3; c++) {
            assertEquals(0f, s.mean()[c], 1e-5f);
            assertEquals(1f, s.std()[c], 1e-4f);
        }
        Dataset m = Transforms.normalise(constant(1, 1, 1, 2, 0.5f), 0.25f, 0.5f);
        assertArrayEquals(new float[] {0.5f, 0.5f}, m.images());
        assertThrows(IllegalArgumentException.class, () -> Transforms.normalise(d, 0f, 0f));
        assertThrows(IllegalArgumentException.class,
                () -> Transforms.normalise(d, new ChannelStats(new float[] {0}, new float[] {1})));
    }

    @Test
    void matchFitsUciDigitsToAnMnistModel() {
        Dataset uci = Datasets.load("uci-digits");
        Dataset up = Transforms.match(uci, 1, 28, 28);
        assertEquals(1797, up.size());
        assertEquals(1, up.channels());
        assertEquals(28, up.height());
        assertEquals(28, up.width());
        assertArrayEquals(uci.labels(), up.labels());

        Dataset framed = Transforms.match(uci, 3, 28, 28, 4);
        assertEquals(3, framed.channels());
        float[] x = framed.images();
        for (int i = 0; i < framed.size(); i += 97) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 28; y++) {
                    for (int k = 0; k < 28; k++) {
                        boolean border = y < 4 || y >= 24 || k < 4 || k >= 24;
                        if (border) {
                            assertEquals(0f, framed.pixel(i, c, y, k));
                        }
                        assertEquals(framed.pixel(i, 0, y, k), framed.pixel(i, c, y, k));
                    }
                }
            }
        }
        float max = 0;
        for (float v : x) {
            max = Math.max(max, v);
        }
        assertTrue(max > 0.9f && max <= 1f, "max " + max);
    }

    @Test
    void matchKeepsAspectRatioAndPadsTheRest() {
        Dataset wide = constant(1, 1, 2, 4, 1f);
        Dataset m = Transforms.match(wide, 1, 8, 8);
        // 2x4 scales by 2 to 4x8, centred vertically: rows 0-1 and 6-7 are padding
        for (int x = 0; x < 8; x++) {
            assertEquals(0f, m.pixel(0, 0, 1, x));
            assertEquals(1f, m.pixel(0, 0, 2, x));
            assertEquals(1f, m.pixel(0, 0, 5, x));
            assertEquals(0f, m.pixel(0, 0, 6, x));
        }
        Dataset same = random(1, 2, 1, 28, 28);
        assertSame(same, Transforms.match(same, 1, 28, 28));
        Dataset down = Transforms.match(random(2, 2, 3, 32, 32), 1, 28, 28);
        assertEquals(1, down.channels());
        assertEquals(28, down.height());
        assertThrows(IllegalArgumentException.class, () -> Transforms.match(same, 1, 28, 28, 14));
    }
}
