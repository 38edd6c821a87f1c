package org.dsodenet.ops.testing;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Param;

/** Test helpers that randomize parameters so that no gradient check runs on trivial (zero or one) values. */
public final class Rand {
    private Rand() {}

    /** Overwrites every parameter of {@code layer} with normal values of standard deviation {@code std}. */
    public static void params(Layer layer, SplittableRandom rng, double std) {
        for (Param p : layer.params()) {
            float[] v = p.value();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (rng.nextGaussian() * std);
            }
        }
    }

    /** Values in {@code [-1, -margin] ∪ [margin, 1]}: keeps ReLU inputs away from the kink. */
    public static float awayFromZero(SplittableRandom rng, double margin) {
        double m = margin + rng.nextDouble() * (1 - margin);
        return (float) (rng.nextBoolean() ? m : -m);
    }

    /**
     * Batch-norm gains with magnitude in [0.5, 1]: a near-zero gain squeezes a whole channel onto the ReLU kink,
     * which would leave finite differences of that channel nothing to check.
     */
    public static void normGains(Layer layer, SplittableRandom rng) {
        for (Param p : layer.params()) {
            if (p.name().endsWith(".gamma")) {
                float[] v = p.value();
                for (int i = 0; i < v.length; i++) {
                    v[i] = awayFromZero(rng, 0.5);
                }
            }
        }
    }

    /** {@code n} standard normal floats, drawn in index order so that a seed always gives the same array. */
    public static float[] normals(int n, SplittableRandom rng) {
        return floats(n, rng::nextGaussian);
    }

    /** {@code n} floats from {@code draw}, called once per index in order: callers keep their exact sequences. */
    public static float[] floats(int n, DoubleSupplier draw) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) draw.getAsDouble();
        }
        return a;
    }
}
