package org.dsodenet.odenet.training;

import java.util.Locale;
import org.dsodenet.quant.LayerPrecisions;

/**
 * Settings of the quantized phase of an adaptation (QAT-DA, see {@link QuantizedAdaptation}).
 *
 * @param precision   the fixed-point precision per layer
 * @param epochs      QAT-DA epochs after the float adaptation
 * @param lr          peak Adam learning rate of those epochs (cosine decay to 1%)
 * @param calibImages images drawn from each domain's training split to calibrate the value ranges
 */
public record QatDaOptions(LayerPrecisions precision, int epochs, double lr, int calibImages) {
    public QatDaOptions {
        if (epochs < 0 || epochs > 10000) {
            throw new IllegalArgumentException("--qat-epochs must be 0..10000, got " + epochs);
        }
        if (!(lr > 0 && lr < 1)) {
            throw new IllegalArgumentException("--qat-lr must be in (0, 1), got " + lr);
        }
        if (calibImages < 1) {
            throw new IllegalArgumentException("--calib-images must be at least 1, got " + calibImages);
        }
    }

    /** What a checkpoint records, so a quantized phase is not resumed with other settings. */
    String id(int floatEpochs) {
        return String.format(Locale.ROOT, "%s after %d float epochs, lr %s, %d calibration images per domain",
                precision.describe(), floatEpochs, lr, calibImages);
    }

    /** Refuses, before any work, a method whose objective the quantized network cannot be trained on. */
    public static void requireSupported(Method m) {
        if (m == Method.DANN) {
            throw new IllegalArgumentException("--precision cannot train dann: its domain classifier is not part of "
                    + "the quantized network; use mmd, coral or distill");
        }
    }
}
