/**
 * Domain-adaptation losses on feature batches, each returning its value and gradients (computed in double):
 * {@link org.dsodenet.adapt.Mmd} (multi-bandwidth Gaussian MMD), {@link org.dsodenet.adapt.Coral} (covariance
 * alignment), {@link org.dsodenet.adapt.Distillation} (temperature-softened KL), and the DANN
 * {@link org.dsodenet.adapt.GradientReversal} layer with its lambda schedule. Features are (N, F) or (N, F, 1, 1)
 * tensors (any (N, ...) is read as N rows of its per-sample size); gradients come back in the input's shape.
 */
package org.dsodenet.adapt;
