package org.dsodenet.odenet.training;

import org.dsodenet.data.transform.Augmentation;

/**
 * Hyper-parameters of one training run.
 *
 * @param epochs        passes over the source training set
 * @param batchSize     images per batch (per domain when target batches are used)
 * @param optimizer     "adam" or "sgd" (momentum 0.9, Nesterov)
 * @param lr            peak learning rate; cosine decay to 1% with one warm-up epoch when epochs > 2
 * @param weightDecay   decoupled weight decay
 * @param seed          seed of shuffling and of the DANN head's initialisation
 * @param method        domain-adaptation method
 * @param kdWeight      weight of the distillation loss (DISTILL)
 * @param temperature   distillation temperature
 * @param alignWeight   weight of the MMD/CORAL loss, or of the domain loss for DANN
 * @param freezeBnEpochs the last this many epochs train with batch-norm statistics frozen (see
 *                      {@code BatchNorm2d#setFrozen}), so that what was trained is what inference and folding run;
 *                      0 = never
 * @param augment       randomisation of the labeled training images (never of target images)
 */
public record TrainOptions(int epochs, int batchSize, String optimizer, double lr, double weightDecay, long seed,
                           Method method, double kdWeight, double temperature, double alignWeight,
                           int freezeBnEpochs, Augmentation augment) {
    public TrainOptions {
        if (augment == null) {
            throw new IllegalArgumentException("augmentation must not be null (Augmentation.NONE for none)");
        }
        if (epochs < 1 || epochs > 10000) {
            throw new IllegalArgumentException("epochs must be 1..10000, got " + epochs);
        }
        if (batchSize < 2 || batchSize > 4096) {
            throw new IllegalArgumentException("batch size must be 2..4096, got " + batchSize);
        }
        if (!optimizer.equals("adam") && !optimizer.equals("sgd")) {
            throw new IllegalArgumentException("optimizer must be adam or sgd, got '" + optimizer + "'");
        }
        if (!(lr > 0 && lr < 10)) {
            throw new IllegalArgumentException("learning rate must be in (0, 10), got " + lr);
        }
        if (!(weightDecay >= 0 && weightDecay < 1)) {
            throw new IllegalArgumentException("weight decay must be in [0, 1), got " + weightDecay);
        }
        if (!(temperature > 0) || !(kdWeight >= 0) || !(alignWeight >= 0)) {
            throw new IllegalArgumentException("temperature must be positive and loss weights non-negative");
        }
        if (freezeBnEpochs < 0 || freezeBnEpochs > epochs) {
            throw new IllegalArgumentException("frozen batch-norm epochs must be 0.." + epochs + ", got " + freezeBnEpochs);
        }
    }

    /** Options without augmentation. */
    public TrainOptions(int epochs, int batchSize, String optimizer, double lr, double weightDecay, long seed,
                        Method method, double kdWeight, double temperature, double alignWeight, int freezeBnEpochs) {
        this(epochs, batchSize, optimizer, lr, weightDecay, seed, method, kdWeight, temperature, alignWeight,
                freezeBnEpochs, Augmentation.NONE);
    }

    /**
     * 3 epochs of Adam at 3e-3, source-only, no frozen batch-norm epochs: a from-scratch run of one epoch stays
     * valid after {@link #withEpochs}; add {@link #withFreezeBnEpochs} (the CLI uses 1) when the model has ODE blocks.
     */
    public static TrainOptions defaults() {
        return new TrainOptions(3, 32, "adam", 3e-3, 1e-4, 1, Method.SOURCE_ONLY, 1.0, 4.0, 0.5, 0);
    }

    public TrainOptions withMethod(Method m) {
        return new TrainOptions(epochs, batchSize, optimizer, lr, weightDecay, seed, m, kdWeight, temperature, alignWeight, freezeBnEpochs, augment);
    }

    /** Same options for {@code e} epochs; the frozen batch-norm epochs are capped at {@code e}. */
    public TrainOptions withEpochs(int e) {
        return new TrainOptions(e, batchSize, optimizer, lr, weightDecay, seed, method, kdWeight, temperature, alignWeight,
                Math.min(e, freezeBnEpochs), augment);
    }

    public TrainOptions withSeed(long s) {
        return new TrainOptions(epochs, batchSize, optimizer, lr, weightDecay, s, method, kdWeight, temperature, alignWeight, freezeBnEpochs, augment);
    }

    public TrainOptions withLr(double l) {
        return new TrainOptions(epochs, batchSize, optimizer, l, weightDecay, seed, method, kdWeight, temperature, alignWeight, freezeBnEpochs, augment);
    }

    public TrainOptions withBatchSize(int b) {
        return new TrainOptions(epochs, b, optimizer, lr, weightDecay, seed, method, kdWeight, temperature, alignWeight, freezeBnEpochs, augment);
    }

    public TrainOptions withFreezeBnEpochs(int f) {
        return new TrainOptions(epochs, batchSize, optimizer, lr, weightDecay, seed, method, kdWeight, temperature, alignWeight, f, augment);
    }

    public TrainOptions withAugment(Augmentation a) {
        return new TrainOptions(epochs, batchSize, optimizer, lr, weightDecay, seed, method, kdWeight, temperature, alignWeight,
                freezeBnEpochs, a);
    }
}
