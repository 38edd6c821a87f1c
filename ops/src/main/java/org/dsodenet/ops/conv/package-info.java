/**
 * Float convolutions for training (dense, depthwise, pointwise), NCHW, with forward and backward. Weight layouts
 * match the quantized records in {@code org.dsodenet.ops.fixed.model}.
 */
package org.dsodenet.ops.conv;
