package org.dsodenet.data.transform;

import java.util.SplittableRandom;

/**
 * Procedural RGB textures in [0, 1] standing in for the photos MNIST-M blends digits over: smooth colour noise
 * (a random grid of 2 to 13 cells a side upsampled; at 2, a colour gradient), random colour patches, and
 * colour waves; half of them get fine pixel noise, the grain of a photo. No photo is read.
 */
final class Backgrounds {
    private Backgrounds() {}

    /** A random texture of 3 planes of {@code h × w}. */
    static float[] random(int h, int w, SplittableRandom rng) {
        float[] t = switch (rng.nextInt(3)) {
            case 0 -> smoothNoise(h, w, 2 + rng.nextInt(12), rng);
            case 1 -> patches(h, w, rng);
            default -> waves(h, w, rng);
        };
        desaturate(t, h * w, (float) rng.nextDouble());
        if (rng.nextBoolean()) {
            double sigma = rng.nextDouble(0.02, 0.1);
            for (int k = 0; k < t.length; k++) {
                t[k] = clamp(t[k] + (float) (sigma * (2 * rng.nextDouble() - 1)));
            }
        }
        return t;
    }

    /** A {@code g × g} grid of random colours, bilinearly upsampled (g = 2: a four-corner colour gradient). */
    static float[] smoothNoise(int h, int w, int g, SplittableRandom rng) {
        float[] grid = new float[3 * g * g];
        for (int k = 0; k < grid.length; k++) {
            grid[k] = (float) rng.nextDouble();
        }
        float[] t = new float[3 * h * w];
        for (int y = 0; y < h; y++) {
            double gy = h == 1 ? 0 : (double) y * (g - 1) / (h - 1);
            int y0 = Math.min(g - 2, (int) gy);
            double fy = gy - y0;
            for (int x = 0; x < w; x++) {
                double gx = w == 1 ? 0 : (double) x * (g - 1) / (w - 1);
                int x0 = Math.min(g - 2, (int) gx);
                double fx = gx - x0;
                for (int ch = 0; ch < 3; ch++) {
                    int o = ch * g * g;
                    double v = (1 - fx) * (1 - fy) * grid[o + y0 * g + x0] + fx * (1 - fy) * grid[o + y0 * g + x0 + 1]
                            + (1 - fx) * fy * grid[o + (y0 + 1) * g + x0] + fx * fy * grid[o + (y0 + 1) * g + x0 + 1];
                    t[ch * h * w + y * w + x] = (float) v;
                }
            }
        }
        return t;
    }

    /** A random base colour under 3 to 10 rectangles of random colours, softened once. */
    static float[] patches(int h, int w, SplittableRandom rng) {
        float[] t = new float[3 * h * w];
        for (int ch = 0; ch < 3; ch++) {
            java.util.Arrays.fill(t, ch * h * w, (ch + 1) * h * w, (float) rng.nextDouble());
        }
        int n = 3 + rng.nextInt(8);
        for (int i = 0; i < n; i++) {
            int y0 = rng.nextInt(h);
            int x0 = rng.nextInt(w);
            int y1 = Math.min(h, y0 + 2 + rng.nextInt(Math.max(1, h / 2)));
            int x1 = Math.min(w, x0 + 2 + rng.nextInt(Math.max(1, w / 2)));
            for (int ch = 0; ch < 3; ch++) {
                float v = (float) rng.nextDouble();
                for (int y = y0; y < y1; y++) {
                    java.util.Arrays.fill(t, ch * h * w + y * w + x0, ch * h * w + y * w + x1, v);
                }
            }
        }
        return Blur.binomial(t, 3, h, w);
    }

    /** Per channel, a sinusoid of random direction, frequency (0.5 to 4 cycles across), phase, mean and amplitude. */
    static float[] waves(int h, int w, SplittableRandom rng) {
        float[] t = new float[3 * h * w];
        for (int ch = 0; ch < 3; ch++) {
            double dir = rng.nextDouble(0, Math.PI);
            double cycles = rng.nextDouble(0.5, 4);
            double kx = 2 * Math.PI * cycles * Math.cos(dir) / w;
            double ky = 2 * Math.PI * cycles * Math.sin(dir) / h;
            double phase = rng.nextDouble(0, 2 * Math.PI);
            double amp = rng.nextDouble(0.1, 0.45);
            double mean = rng.nextDouble(amp, 1 - amp);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    t[ch * h * w + y * w + x] = (float) (mean + amp * Math.sin(kx * x + ky * y + phase));
                }
            }
        }
        return t;
    }

    /** Moves each pixel's channels towards their mean by {@code 1 − keep}: photos are rarely fully saturated. */
    private static void desaturate(float[] t, int plane, float keep) {
        for (int k = 0; k < plane; k++) {
            float m = (t[k] + t[plane + k] + t[2 * plane + k]) / 3f;
            for (int ch = 0; ch < 3; ch++) {
                t[ch * plane + k] = m + keep * (t[ch * plane + k] - m);
            }
        }
    }

    private static float clamp(float v) {
        return Math.min(1f, Math.max(0f, v));
    }
}
