package org.dsodenet.data.transform;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Label-preserving randomisation of labeled training images, applied per image in a batch (never to stored data, so
 * every epoch sees a new draw). The caller derives one seed per (run seed, epoch, image index), which keeps a run
 * deterministic and its draws independent of batch order and threads.
 */
public enum Augmentation {
    /** Images as they are. */
    NONE("none"),
    /**
     * Domain randomisation for digits ({@link DigitAugment}): small affine warps, stroke width, MNIST-M style
     * blending over procedural colour textures, blur, inversion and contrast/brightness/colour jitter.
     */
    DIGITS("digits");

    private final String id;

    Augmentation(String id) {
        this.id = id;
    }

    /** The name the CLI and checkpoints use. */
    public String id() {
        return id;
    }

    /** The augmentation named {@code name} (case-insensitive), or a message listing the names. */
    public static Augmentation parse(String name) {
        for (Augmentation a : values()) {
            if (a.id.equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown augmentation '" + name + "'; expected one of "
                + Arrays.stream(values()).map(Augmentation::id).toList());
    }

    /**
     * Augments the image of {@code c × h × w} values at {@code off} in {@code x} in place, drawing from a generator
     * seeded with {@code seed}; values stay in [0, 1] when they start there.
     */
    public void apply(float[] x, int off, int c, int h, int w, long seed) {
        if (this == DIGITS) {
            DigitAugment.apply(x, off, c, h, w, new SplittableRandom(seed));
        }
    }
}
