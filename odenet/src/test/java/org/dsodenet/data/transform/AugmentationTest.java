package org.dsodenet.data.transform;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.Datasets;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    private static final Dataset MNIST = Datasets.bundled("mnist").head(64);

    private static float[] digit(int i, int channels) {
        return Transforms.toChannels(MNIST, channels).image(i);
    }

    @Test
    void namesParseCaseInsensitivelyAndUnknownOnesListTheChoices() {
        assertSame(Augmentation.DIGITS, Augmentation.parse("Digits"));
        assertSame(Augmentation.NONE, Augmentation.parse("none"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Augmentation.parse("colour"));
        assertEquals("unknown augmentation 'colour'; expected one of [none, digits]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Augmentation.parse(null));
    }

    @Test
    void noneLeavesTheImageAlone() {
        float[] x = digit(3, 1);
        float[] before = x.clone();
        Augmentation.NONE.apply(x, 0, 1, 28, 28, 42);
        assertArrayEquals(before, x);
    }

    @Test
    void digitsIsAFunctionOfItsSeedAndChangesOnlyItsOwnImage() {
        qt().withExamples(scaled(40)).forAll(longs().all(), integers().between(0, 63), integers().between(0, 1))
                .checkAssert((seed, i, rgb) -> {
                    int c = rgb == 1 ? 3 : 1;
                    int per = c * 28 * 28;
                    float[] img = digit(i, c);
                    // the image sits between two others that must not change
                    float[] a = new float[3 * per];
                    Arrays.fill(a, 0.25f);
                    System.arraycopy(img, 0, a, per, per);
                    float[] b = a.clone();
                    Augmentation.DIGITS.apply(a, per, c, 28, 28, seed);
                    Augmentation.DIGITS.apply(b, per, c, 28, 28, seed);
                    assertArrayEquals(a, b);
                    for (int k = 0; k < per; k++) {
                        assertEquals(0.25f, a[k]);
                        assertEquals(0.25f, a[2 * per + k]);
                    }
                    for (int k = per; k < 2 * per; k++) {
                        assertTrue(a[k] >= 0f && a[k] <= 1f, "value " + a[k] + " at " + k);
                    }
                });
    }

    @Test
    void differentSeedsGiveDifferentImages() {
        float[] a = digit(5, 3);
        float[] b = digit(5, 3);
        Augmentation.DIGITS.apply(a, 0, 3, 28, 28, 1);
        Augmentation.DIGITS.apply(b, 0, 3, 28, 28, 2);
        assertFalse(Arrays.equals(a, b));
        assertFalse(Arrays.equals(digit(5, 3), a));
    }

    @Test
    void aboutAQuarterOfTheImagesGetABackground() {
        // Without a texture the four corners of a channel stay equal (black, then the same jitter); over one they
        // almost never are.
        int withBackground = 0;
        int n = 400;
        for (int s = 0; s < n; s++) {
            float[] x = digit(s % 64, 3);
            Augmentation.DIGITS.apply(x, 0, 3, 28, 28, s);
            float corners = 0;
            for (int ch = 0; ch < 3; ch++) {
                int o = ch * 784;
                corners += Math.abs(x[o] - x[o + 27]) + Math.abs(x[o] - x[o + 27 * 28]) + Math.abs(x[o] - x[o + 783]);
            }
            withBackground += corners > 1e-3f ? 1 : 0;
        }
        assertTrue(withBackground > 0.15 * n && withBackground < 0.35 * n, withBackground + " of " + n);
    }

    @Test
    void theIdentityWarpKeepsEveryPixelAndAShiftMovesThem() {
        float[] x = digit(7, 1);
        assertArrayEquals(x, Warp.affine(x, 1, 28, 28, 0, 1, 0, 0, 0));
        float[] moved = Warp.affine(x, 1, 28, 28, 0, 1, 0, 2, -1);
        for (int y = 1; y < 27; y++) {
            for (int c = 0; c < 26; c++) {
                // output (y, c + 2) samples input (y + 1, c)
                assertEquals(x[(y + 1) * 28 + c], moved[y * 28 + c + 2], 1e-6f, y + "," + c);
            }
        }
    }

    @Test
    void blurKeepsAConstantImageAndSpreadsAPoint() {
        float[] flat = new float[2 * 25];
        Arrays.fill(flat, 0.4f);
        assertArrayEquals(flat, Blur.binomial(flat, 2, 5, 5));
        float[] point = new float[25];
        point[12] = 1;
        float[] b = Blur.binomial(point, 1, 5, 5);
        assertEquals(0.25f, b[12], 1e-7f);
        assertEquals(0.125f, b[7], 1e-7f);
        assertEquals(0.0625f, b[6], 1e-7f);
        assertEquals(1f, sum(b), 1e-6f);
    }

    @Test
    void dilationThickensAndErosionThinsAStroke() {
        float[] line = new float[49];
        for (int y = 0; y < 7; y++) {
            line[y * 7 + 3] = 1;
        }
        assertEquals(21f, sum(Morphology.dilate(line, 1, 7, 7)));
        assertEquals(0f, sum(Morphology.erode(line, 1, 7, 7)));
    }

    @Test
    void texturesAreRgbInTheUnitRange() {
        qt().withExamples(scaled(60)).forAll(longs().all()).checkAssert(seed -> {
            float[] t = Backgrounds.random(28, 28, new SplittableRandom(seed));
            assertEquals(3 * 784, t.length);
            for (float v : t) {
                assertTrue(v >= 0f && v <= 1f, "texture value " + v);
            }
        });
    }

    private static float sum(float[] x) {
        float s = 0;
        for (float v : x) {
            s += v;
        }
        return s;
    }
}
