/** Batch normalization for training and its folding into convolutions for inference. */
package org.dsodenet.ops.norm;
