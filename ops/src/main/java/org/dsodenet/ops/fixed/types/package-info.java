/**
 * Choosing fixed-point types: {@link org.dsodenet.ops.fixed.types.AccumulatorSizer} gives accumulators that can
 * never overflow or drop bits for given weights and input type; {@link org.dsodenet.ops.fixed.types.Calibration}
 * gives output types from activation ranges observed on calibration data.
 */
package org.dsodenet.ops.fixed.types;
