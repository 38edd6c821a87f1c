/** Float tensors (NCHW, row-major float32) and their shapes. */
package org.dsodenet.ops.tensor;
