package org.dsodenet.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything about a run's position that a {@link Checkpoint} stores besides the tensors.
 *
 * <p>{@code epoch} and {@code iteration} name the <em>next</em> step to run: a checkpoint taken after the last
 * batch of epoch 3 says (4, 0); one taken after batch 17 of epoch 3 says (3, 18). The random state is
 * {@code seed} alone, because every random stream is derived from (seed, position) by {@link Seeds} and
 * {@link Batches}: to resume, recompute {@code Batches.order(seed, epoch, n)} and skip the first
 * {@code iteration} batches.
 *
 * @param epoch     next epoch, {@code >= 0}
 * @param iteration next iteration within {@code epoch}, {@code >= 0}
 * @param seed      the run seed
 * @param optimizer optimizer state, or null when none is saved (e.g. a final model)
 * @param metadata  free-form string pairs (model config, git revision, metrics...), kept in insertion order
 */
public record TrainingState(int epoch, int iteration, long seed, OptimizerState optimizer,
                            Map<String, String> metadata) {
    public TrainingState {
        if (epoch < 0 || iteration < 0) {
            throw new IllegalArgumentException("epoch and iteration must be non-negative, got " + epoch + ", "
                    + iteration);
        }
        Map<String, String> m = new LinkedHashMap<>();
        if (metadata != null) {
            metadata.forEach((k, v) -> {
                if (k == null || v == null) {
                    throw new IllegalArgumentException("metadata keys and values must not be null");
                }
                m.put(k, v);
            });
        }
        metadata = Collections.unmodifiableMap(m);
    }

    /** A state with no optimizer and no metadata. */
    public static TrainingState at(int epoch, int iteration, long seed) {
        return new TrainingState(epoch, iteration, seed, null, Map.of());
    }
}
