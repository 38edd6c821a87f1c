/**
 * Quantization of any network of {@code ops} layers, knowing no particular model: batch-norm folding
 * ({@link org.dsodenet.quant.Folding}), calibration ({@link org.dsodenet.quant.FloatObserver}), post-training
 * quantization with a precision per layer ({@link org.dsodenet.quant.Quantizer},
 * {@link org.dsodenet.quant.LayerPrecisions}) and quantization-aware training with the bit-exact forward and
 * straight-through gradients ({@link org.dsodenet.quant.Qat}). {@link org.dsodenet.quant.NetworkQuantizer} is the
 * entry point; a model only has to present itself as one {@link org.dsodenet.ops.layer.Sequential}. It sits below
 * the dsODENet model ({@code org.dsodenet.odenet}) and may not depend on it; the architecture test checks that.
 */
package org.dsodenet.quant;
