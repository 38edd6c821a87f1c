package org.dsodenet.train;

import java.util.SplittableRandom;

/**
 * Derives independent, reproducible random streams from one run seed and a path of integers, e.g.
 * {@code (seed, SHUFFLE, epoch)} or {@code (seed, AUGMENT, epoch, sampleIndex)}. Every random decision of a run is
 * taken from such a stream, so the whole random state at any point is a function of the seed and the training
 * position, and a {@link Checkpoint} only needs to store the seed, epoch and iteration.
 *
 * <p>Derivation: start from {@code mix(seed)}, then for each path element {@code h = mix(h ^ (e * 0x9E3779B97F4A7C15
 * + 0x632BE59BD9B4E019))}, where {@code mix} is the SplitMix64 finaliser; the result seeds a
 * {@link SplittableRandom}. Deriving a stream per sample (rather than drawing from a shared generator) keeps the
 * draws independent of the order in which threads process samples.
 */
public final class Seeds {
    /** Path tag of the per-epoch shuffling stream used by {@link Batches}. */
    public static final long SHUFFLE = 1;
    /** Path tag for data augmentation streams. */
    public static final long AUGMENT = 2;
    /** Path tag for weight initialisation streams. */
    public static final long INIT = 3;

    private Seeds() {}

    /** A 64-bit seed derived from {@code seed} and {@code path}. */
    public static long derive(long seed, long... path) {
        long h = mix(seed);
        for (long e : path) {
            h = mix(h ^ (e * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    /** A generator seeded with {@link #derive}{@code (seed, path)}. */
    public static SplittableRandom rng(long seed, long... path) {
        return new SplittableRandom(derive(seed, path));
    }

    /** SplitMix64 finaliser: a bijection on 64-bit values with good avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
