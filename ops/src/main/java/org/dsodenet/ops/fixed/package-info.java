/**
 * The bit-exact fixed-point forward of a quantized network ({@link org.dsodenet.ops.fixed.model.QNetwork}):
 * {@link org.dsodenet.ops.fixed.FixedForward} runs samples and returns a {@link org.dsodenet.ops.fixed.Trace} with
 * every layer's output raws, every Euler step's state, and conversion counts (rounded, saturated, wrapped) per layer
 * and per step. The results are the bits the generated HLS C++ computes.
 */
package org.dsodenet.ops.fixed;
