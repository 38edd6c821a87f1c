package org.dsodenet.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dsodenet.data.Shuffle;

/**
 * Mini-batch index order. The order of epoch {@code e} is a Fisher-Yates shuffle of {@code 0..n-1} driven by
 * {@link Seeds#rng}{@code (seed, SHUFFLE, e)}: a pure function of (seed, epoch, n). Resuming in the middle of an
 * epoch therefore recomputes the same order and skips the batches already done; nothing about the shuffle has to be
 * saved.
 */
public final class Batches {
    private Batches() {}

    /** The sample order of {@code epoch}: a permutation of {@code 0..n-1}. */
    public static int[] order(long seed, int epoch, int n) {
        if (n < 0 || epoch < 0) {
            throw new IllegalArgumentException("need n >= 0 and epoch >= 0, got n " + n + ", epoch " + epoch);
        }
        return Shuffle.permutation(n, Seeds.rng(seed, Seeds.SHUFFLE, epoch));
    }

    /** Number of batches of {@code n} samples; with {@code dropLast} an incomplete final batch is not counted. */
    public static int count(int n, int batchSize, boolean dropLast) {
        checkBatchSize(batchSize);
        if (n < 0) {
            throw new IllegalArgumentException("sample count must be non-negative, got " + n);
        }
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Batch {@code index} of {@code order}: the slice {@code [index * batchSize, min(n, (index + 1) * batchSize))}. */
    public static int[] batch(int[] order, int index, int batchSize) {
        checkBatchSize(batchSize);
        int from = (int) Math.min((long) index * batchSize, Integer.MAX_VALUE);
        if (index < 0 || from >= order.length) {
            throw new IllegalArgumentException("batch " + index + " is outside " + count(order.length, batchSize,
                    false) + " batches of " + batchSize);
        }
        return Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
    }

    /** All batches of {@code order} in sequence. */
    public static List<int[]> split(int[] order, int batchSize, boolean dropLast) {
        int count = count(order.length, batchSize, dropLast);
        List<int[]> out = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            out.add(batch(order, b, batchSize));
        }
        return out;
    }

    private static void checkBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
    }
}
