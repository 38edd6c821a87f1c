package org.dsodenet.odenet.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Target-side objectives that need no labels, added to any {@link Method}: they read target images only.
 *
 * @param adaBn           after training, re-estimate every batch norm's statistics on the target images
 *                        ({@link org.dsodenet.adapt.AdaBn})
 * @param imWeight        weight of information maximisation on the target predictions
 *                        ({@link org.dsodenet.adapt.InfoMax}); 0 = off
 * @param pseudoWeight    weight of self-training on pseudo-labels ({@link org.dsodenet.adapt.PseudoLabels}), made at
 *                        the start of every epoch by the teacher if there is one, else by the student itself; 0 = off
 * @param pseudoThreshold smallest top softmax probability of the labeler that makes a pseudo-label
 */
public record TargetObjectives(boolean adaBn, double imWeight, double pseudoWeight, double pseudoThreshold) {
    public TargetObjectives {
        if (!(imWeight >= 0) || Double.isInfinite(imWeight)) {
            throw new IllegalArgumentException("--im-weight must be a finite number >= 0, got " + imWeight);
        }
        if (!(pseudoWeight >= 0) || Double.isInfinite(pseudoWeight)) {
            throw new IllegalArgumentException("--pseudo-weight must be a finite number >= 0, got " + pseudoWeight);
        }
        if (!(pseudoThreshold >= 0 && pseudoThreshold < 1)) {
            throw new IllegalArgumentException("--pseudo-threshold must be in [0, 1), got " + pseudoThreshold);
        }
    }

    /** None: the method alone. */
    public static TargetObjectives none() {
        return new TargetObjectives(false, 0, 0, 0.9);
    }

    /** Whether training steps need target batches for these objectives. */
    public boolean trainsOnTarget() {
        return imWeight > 0 || pseudoWeight > 0;
    }

    /** Whether anything reads the target images. */
    public boolean usesTarget() {
        return adaBn || trainsOnTarget();
    }

    /** What a checkpoint records, so a run is not resumed with other objectives; empty for {@link #none}. */
    public String id() {
        List<String> parts = new ArrayList<>();
        if (imWeight > 0) {
            parts.add(String.format(Locale.ROOT, "im %s", imWeight));
        }
        if (pseudoWeight > 0) {
            parts.add(String.format(Locale.ROOT, "pseudo %s at %s", pseudoWeight, pseudoThreshold));
        }
        if (adaBn) {
            parts.add("adabn");
        }
        return String.join(", ", parts);
    }
}
