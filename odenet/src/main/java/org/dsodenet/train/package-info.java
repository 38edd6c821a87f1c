/**
 * Training infrastructure: optimizers ({@link org.dsodenet.train.Sgd}, {@link org.dsodenet.train.Adam}) over
 * {@link org.dsodenet.ops.layer.Param}s, learning-rate schedules, gradient clipping, deterministic mini-batch order,
 * checkpoints, a progress bar and a metrics log. The training loop itself belongs to the model code.
 *
 * <h2>Determinism</h2>
 * The same seed gives bit-identical weights after any number of epochs, whatever the thread count, provided:
 * <ol>
 *   <li>the kernels are deterministic: {@link org.dsodenet.ops.parallel.Parallel} only distributes independent
 *       work items with fixed internal reduction order, so float results do not depend on threads;</li>
 *   <li>every random draw comes from a stream derived by {@link org.dsodenet.train.Seeds} from (seed, purpose,
 *       position...), never from a generator shared across threads or carried from epoch to epoch. The batch
 *       order of epoch {@code e} is {@link org.dsodenet.train.Batches#order}{@code (seed, e, n)}; an augmentation
 *       of sample {@code i} in epoch {@code e} should use {@code Seeds.rng(seed, Seeds.AUGMENT, e, i)};</li>
 *   <li>reductions outside kernels (loss averages, gradient norms, optimizer updates) run sequentially in a fixed
 *       order, as every class in this package does;</li>
 *   <li>nothing reads the clock or the environment to make a numerical decision.</li>
 * </ol>
 * Because the random state is a function of (seed, epoch, iteration), a {@link org.dsodenet.train.Checkpoint}
 * stores just those numbers (in {@link org.dsodenet.train.TrainingState}); resuming recomputes the epoch's order
 * and skips the batches already done, and continues bit-identically to an uninterrupted run (given that the
 * optimizer state and every tensor that changes during training, including batch-norm running statistics, are
 * saved).
 */
package org.dsodenet.train;
