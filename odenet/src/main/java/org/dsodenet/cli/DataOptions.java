package org.dsodenet.cli;

import org.dsodenet.data.DataSpec;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.Datasets;
import org.dsodenet.data.Split;
import org.dsodenet.data.transform.Transforms;
import org.dsodenet.odenet.model.ModelConfig;

/**
 * Loads data for a model: a bundled name or a path (see DATA.md), matched to the model's input channels and size,
 * then split. Every command splits the same way (80/20, fixed seed), so "train" always means the same images and
 * test images are never trained on.
 */
final class DataOptions {
    static final long SPLIT_SEED = 20221115L;

    private DataOptions() {}

    enum Part { TRAIN, TEST, ALL }

    static Dataset load(String spec, ModelConfig cfg, Part part) {
        Dataset d = Datasets.load(spec);
        ModelClasses.check(DataSpec.parse(spec).target(), d, cfg.numClasses());
        // Small images (the 8x8 UCI digits) sit in a border like MNIST digits do in their 28x28 frame.
        int margin = d.height() * 2 <= cfg.inputSize() ? cfg.inputSize() / 7 : 0;
        d = Transforms.match(d, cfg.inChannels(), cfg.inputSize(), cfg.inputSize(), margin);
        if (part == Part.ALL) {
            return d;
        }
        Split s = d.split(0.8, SPLIT_SEED);
        return part == Part.TRAIN ? s.train() : s.test();
    }

    static Dataset limit(Dataset d, Integer max, long seed) {
        if (max != null && max < 1) {
            throw new IllegalArgumentException("--max-images must be at least 1, got " + max);
        }
        return max == null || max >= d.size() ? d : d.sample(max, seed);
    }

    /**
     * Refuses an empty split before any work: training on no images, or reporting an accuracy over none as 0.00 %,
     * would look like a result.
     */
    static Dataset requireImages(Dataset d, String spec, Part part) {
        if (d.size() == 0) {
            throw new IllegalArgumentException("no images: the " + part.name().toLowerCase(java.util.Locale.ROOT)
                    + " split of " + spec + " is empty (it has too few images to split 80/20)");
        }
        return d;
    }

    static Part part(String s) {
        return switch (s) {
            case "train" -> Part.TRAIN;
            case "test" -> Part.TEST;
            case "all" -> Part.ALL;
            default -> throw new IllegalArgumentException("--split must be train, test or all, got '" + s + "'");
        };
    }
}
