package org.dsodenet.ops.layer;

import java.util.random.RandomGenerator;

/** Weight initialisers; values are drawn in index order so a seed fixes them. */
public final class Init {
    private Init() {}

    /** He (Kaiming) normal: standard deviation {@code sqrt(2 / fanIn)}, suited to layers followed by ReLU. */
    public static float[] heNormal(int count, int fanIn, RandomGenerator rng) {
        double std = Math.sqrt(2.0 / fanIn);
        float[] w = new float[count];
        for (int i = 0; i < count; i++) {
            w[i] = (float) (rng.nextGaussian() * std);
        }
        return w;
    }
}
