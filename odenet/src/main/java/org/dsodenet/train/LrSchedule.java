package org.dsodenet.train;

/**
 * A learning rate as a function of the training position: {@code epoch} (from 0), the iteration within that epoch
 * (from 0) and the number of iterations per epoch. Being a pure function of the position, a schedule needs no state
 * in a {@link Checkpoint}: on resume the same position gives the same rate.
 */
@FunctionalInterface
public interface LrSchedule {
    /** The learning rate for the given step. */
    double lr(int epoch, int iterInEpoch, int itersPerEpoch);

    /** Always {@code lr}. */
    static LrSchedule constant(double lr) {
        checkRate(lr, "learning rate");
        return (epoch, iter, perEpoch) -> {
            checkPosition(epoch, iter, perEpoch);
            return lr;
        };
    }

    /** {@code base * gamma^floor(epoch / everyEpochs)}: multiply by {@code gamma} every {@code everyEpochs}. */
    static LrSchedule step(double base, double gamma, int everyEpochs) {
        checkRate(base, "base learning rate");
        checkRate(gamma, "decay factor");
        if (everyEpochs < 1) {
            throw new IllegalArgumentException("step decay period must be at least 1 epoch, got " + everyEpochs);
        }
        return (epoch, iter, perEpoch) -> {
            checkPosition(epoch, iter, perEpoch);
            return base * Math.pow(gamma, epoch / everyEpochs);
        };
    }

    /**
     * {@code base * gamma^k} where {@code k} is the number of milestones {@code <= epoch}: e.g. milestones
     * {@code {30, 60, 80}} with gamma 0.1 for the ResNet recipe. Milestones must be strictly increasing.
     */
    static LrSchedule multiStep(double base, double gamma, int... milestones) {
        checkRate(base, "base learning rate");
        checkRate(gamma, "decay factor");
        int[] ms = milestones.clone();
        for (int i = 0; i < ms.length; i++) {
            if (ms[i] < 0 || (i > 0 && ms[i] <= ms[i - 1])) {
                throw new IllegalArgumentException("milestones must be non-negative and strictly increasing");
            }
        }
        return (epoch, iter, perEpoch) -> {
            checkPosition(epoch, iter, perEpoch);
            int k = 0;
            while (k < ms.length && ms[k] <= epoch) {
                k++;
            }
            return base * Math.pow(gamma, k);
        };
    }

    /**
     * Linear warmup then cosine decay, per iteration. With global step {@code s = epoch * itersPerEpoch + iter},
     * {@code W = warmupEpochs * itersPerEpoch} and {@code T = totalEpochs * itersPerEpoch}:
     * <ul>
     *   <li>{@code s < W}: {@code base * (s + 1) / W} (the first step already gets a non-zero rate and the last
     *       warmup step reaches {@code base});</li>
     *   <li>otherwise {@code min + (base - min) * (1 + cos(pi * p)) / 2} with {@code p = (s - W) / (T - W)}
     *       clamped to [0, 1], so training past {@code totalEpochs} stays at {@code min}.</li>
     * </ul>
     *
     * @param warmupEpochs may be fractional, 0 for no warmup; must be less than {@code totalEpochs}
     */
    static LrSchedule cosine(double base, double min, double warmupEpochs, int totalEpochs) {
        checkRate(base, "base learning rate");
        checkRate(min, "minimum learning rate");
        if (min > base) {
            throw new IllegalArgumentException("minimum learning rate " + min + " exceeds base " + base);
        }
        if (totalEpochs < 1) {
            throw new IllegalArgumentException("total epochs must be at least 1, got " + totalEpochs);
        }
        if (!(warmupEpochs >= 0 && warmupEpochs < totalEpochs)) {
            throw new IllegalArgumentException("warmup epochs must be in [0, " + totalEpochs + "), got "
                    + warmupEpochs);
        }
        return (epoch, iter, perEpoch) -> {
            checkPosition(epoch, iter, perEpoch);
            double s = (double) epoch * perEpoch + iter;
            double w = warmupEpochs * perEpoch;
            if (s < w) {
                return base * Math.min(1.0, (s + 1) / w);
            }
            double p = Math.min(1.0, (s - w) / ((double) totalEpochs * perEpoch - w));
            return min + (base - min) * (1 + Math.cos(Math.PI * p)) / 2;
        };
    }

    private static void checkRate(double v, String what) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be finite and non-negative, got " + v);
        }
    }

    private static void checkPosition(int epoch, int iter, int perEpoch) {
        if (epoch < 0 || perEpoch < 1 || iter < 0 || iter >= perEpoch) {
            throw new IllegalArgumentException("invalid schedule position: epoch " + epoch + ", iteration " + iter
                    + " of " + perEpoch);
        }
    }
}
