package org.dsodenet.ops.conv;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * im2col in the exact layout against its definition, pixel by pixel: row {@code (c, ky, kx)}, column
 * {@code (i, oy, ox)} holds input pixel {@code (oy·s + ky - p, ox·s + kx - p)} of sample i, or 0 in the padding.
 * Covers the whole-row copies (stride 1, taps that see every input column) and the per-row copies alike.
 */
class ColumnsTest {
    @Test
    void exactIm2colMatchesTheDefinition() {
        qt().withExamples(scaled(300))
                .forAll(integers().between(1, 9), integers().between(1, 3), integers().between(1, 9), longs().all())
                .checkAssert((batch, channels, size, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    int k = 1 + rng.nextInt(5);
                    int p = rng.nextInt(k);
                    int s = 1 + rng.nextInt(rng.nextBoolean() ? 1 : 3);
                    int h = Math.max(size, k - 2 * p);
                    int w = Math.max(Math.max(1, size + rng.nextInt(5) - 2), k - 2 * p);
                    Window win = new Window(k, s, p);
                    Columns cols = new Columns(batch, channels, h, w, win);
                    float[] x = new float[batch * channels * h * w];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = i + 1; // every pixel distinct and non-zero, so a wrong pixel or missing zero shows
                    }
                    for (int g = 0; g < cols.groups; g++) {
                        float[][] rows = new float[channels * k * k][cols.rowLength(g)];
                        for (float[] r : rows) {
                            Arrays.fill(r, Float.NaN); // stale workspace contents must all be overwritten
                        }
                        cols.im2col(x, g, 0, channels, rows, 0);
                        for (int c = 0; c < channels; c++) {
                            for (int t = 0; t < k * k; t++) {
                                for (int i = 0; i < cols.samples(g); i++) {
                                    for (int oy = 0; oy < cols.oh; oy++) {
                                        for (int ox = 0; ox < cols.ow; ox++) {
                                            int iy = oy * s + t / k - p;
                                            int ix = ox * s + t % k - p;
                                            int n = g * cols.group + i;
                                            float want = iy < 0 || iy >= h || ix < 0 || ix >= w ? 0f
                                                    : x[((n * channels + c) * h + iy) * w + ix];
                                            assertEquals(want, rows[c * k * k + t][i * cols.plane + oy * cols.ow + ox],
                                                    0f, win + " " + h + "x" + w + " c" + c + " t" + t + " n" + n
                                                    + " (" + oy + "," + ox + ")");
                                        }
                                    }
                                }
                            }
                        }
                    }
                });
    }
}
