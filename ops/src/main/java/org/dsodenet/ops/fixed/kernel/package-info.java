/**
 * Planned layer kernels behind {@link org.dsodenet.ops.fixed.FixedForward}. Each kernel fixes at plan time whether it
 * runs on {@code long}s (every type it touches, including ap_fixed's full-precision product and sum types, fits a
 * signed long) or on exact {@code BigInteger}s. On the long path constants are pre-aligned to the sum's LSB, the
 * common conversions are inline with {@link org.dsodenet.fixedpoint.Caster} as the fallback, and output channels
 * that provably cannot overflow their accumulator (from the actual weights and the input type's range) accumulate
 * without per-step checks; of those, channels whose inputs, weights, products and partial sums provably fit an
 * {@code int} accumulate on int arrays ({@code IntMac}). {@code values} forwards skip
 * counting dropped bits. Inner loops allocate nothing.
 */
package org.dsodenet.ops.fixed.kernel;
