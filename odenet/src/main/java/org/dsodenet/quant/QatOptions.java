package org.dsodenet.quant;

/**
 * Settings of quantization-aware training ({@link Qat}).
 *
 * @param epochs                passes over the training images
 * @param batchSize             images per step (the whole set when it has fewer)
 * @param lr                    peak Adam learning rate; cosine decay to 1% over the run
 * @param seed                  seed of the batch order
 * @param fakeQuantActivations  whether the float backward pass rounds every layer output and ODE state to its
 *                              frozen type (straight-through, zero gradient where saturated); without it only the
 *                              weights are fake-quantized
 */
public record QatOptions(int epochs, int batchSize, double lr, long seed, boolean fakeQuantActivations) {
    public QatOptions {
        if (epochs < 1 || epochs > 10000) {
            throw new IllegalArgumentException("QAT epochs must be 1..10000, got " + epochs);
        }
        if (batchSize < 1 || batchSize > 4096) {
            throw new IllegalArgumentException("QAT batch size must be 1..4096, got " + batchSize);
        }
        if (!(lr > 0 && lr < 1)) {
            throw new IllegalArgumentException("QAT learning rate must be in (0, 1), got " + lr);
        }
    }

    /** {@code epochs} epochs of 32-image batches at a peak rate of 1e-3, activations fake-quantized. */
    public static QatOptions defaults(int epochs, long seed) {
        return new QatOptions(epochs, 32, 1e-3, seed, true);
    }

    public QatOptions withLr(double l) {
        return new QatOptions(epochs, batchSize, l, seed, fakeQuantActivations);
    }

    public QatOptions withBatchSize(int b) {
        return new QatOptions(epochs, b, lr, seed, fakeQuantActivations);
    }

    public QatOptions withFakeQuantActivations(boolean f) {
        return new QatOptions(epochs, batchSize, lr, seed, f);
    }
}
