package org.dsodenet.odenet.training;

import java.nio.file.Path;
import java.util.Map;
import org.dsodenet.data.transform.Augmentation;
import org.dsodenet.train.TrainingState;

/**
 * Refuses to resume from a checkpoint of another run: continuing someone else's weights on this run's data, or a
 * finished run with fewer epochs, would silently produce a model nobody asked for.
 */
final class ResumeCheck {
    static final String METHOD = "method";
    static final String SOURCE = "source";
    static final String TARGET = "target";
    static final String OBJECTIVES = "objectives";
    /** The quantized phase of an adaptation (absent in float runs and in the float epochs of a quantized one). */
    static final String PRECISION = "precision";

    /** The augmentation of the labeled images, recorded only when there is one (older checkpoints have none). */
    static final String AUGMENT = "augment";

    private ResumeCheck() {}

    /** Records {@code a} in {@code run} unless it is {@link Augmentation#NONE}. */
    static void putAugment(Map<String, String> run, Augmentation a) {
        if (a != Augmentation.NONE) {
            run.put(AUGMENT, a.id());
        }
    }

    /** {@code run}: this run's {@link #METHOD}, {@link #SOURCE} and {@link #TARGET} as the checkpoint stores them. */
    static void require(Path file, TrainingState saved, Map<String, String> run, TrainOptions o) {
        String ck = "checkpoint " + file;
        if (saved.seed() != o.seed()) {
            throw new IllegalArgumentException(ck + " was made with seed " + saved.seed() + ", this run uses "
                    + o.seed());
        }
        String method = saved.metadata().get(METHOD);
        if (method != null && !method.equals(run.get(METHOD))) {
            throw new IllegalArgumentException(ck + " was made by method " + method + ", this run uses "
                    + run.get(METHOD));
        }
        // Checkpoints from before the objectives existed were made without any.
        String objectives = saved.metadata().getOrDefault(OBJECTIVES, "");
        if (!objectives.equals(run.getOrDefault(OBJECTIVES, ""))) {
            throw new IllegalArgumentException(ck + " was made with target objectives " + describe(objectives)
                    + ", this run uses " + describe(run.get(OBJECTIVES)));
        }
        String augment = saved.metadata().getOrDefault(AUGMENT, Augmentation.NONE.id());
        if (!augment.equals(run.getOrDefault(AUGMENT, Augmentation.NONE.id()))) {
            throw new IllegalArgumentException(ck + " was trained with --augment " + augment + ", this run uses "
                    + run.getOrDefault(AUGMENT, Augmentation.NONE.id()));
        }
        String precision = saved.metadata().getOrDefault(PRECISION, "");
        if (!precision.equals(run.getOrDefault(PRECISION, ""))) {
            throw new IllegalArgumentException(ck + " was made by a quantized adaptation with " + describe(precision)
                    + ", this run uses " + describe(run.getOrDefault(PRECISION, "")));
        }
        for (String key : new String[] {SOURCE, TARGET}) {
            String was = saved.metadata().get(key);
            if (was == null) {
                throw new IllegalArgumentException(ck + " does not record its training data (written by an older "
                        + "dsodenet), so it cannot be checked against this run; train again without --resume");
            }
            if (!was.equals(run.get(key))) {
                throw new IllegalArgumentException(ck + " was trained on " + key + " data " + describe(was)
                        + ", this run uses " + describe(run.get(key)));
            }
        }
        if (saved.epoch() > o.epochs()) {
            throw new IllegalArgumentException(ck + " has already trained " + saved.epoch() + " epochs, more than "
                    + "this run's " + o.epochs() + "; resume with at least --epochs " + saved.epoch());
        }
    }

    private static String describe(String identity) {
        return identity.isEmpty() ? "(none)" : identity;
    }
}
