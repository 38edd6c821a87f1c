/**
 * The quantized network: an immutable description of a fixed-point inference graph (layers, geometry, ap_fixed
 * types and raw weights). The Java fixed-point forward executes it, and the HLS code generator turns it into C++;
 * both follow the reduction orders written on each record, which is what makes their results equal bit for bit.
 *
 * <p>Typed-assignment rules shared by every layer with an accumulator (ap_fixed assignment semantics):
 * the accumulator starts as {@code bias} converted to the accumulator type (zero when there is no bias); each
 * product {@code x * w} is exact (ap_fixed full-precision product type); each step is {@code acc = acc + product}
 * with the sum exact and then converted to the accumulator type (its quantization and overflow modes); at the end
 * {@code out = acc} converts to the output type. Raw weights are held in {@code long}s, so weight, bias and other
 * constant types are at most 64 bits wide.
 */
package org.dsodenet.ops.fixed.model;
