/**
 * The float layer abstraction used for training: {@link org.dsodenet.ops.layer.Layer} with forward, backward and a
 * per-layer stack of forward states, {@link org.dsodenet.ops.layer.Param}, and the structural layers
 * (sequence, residual, element-wise add).
 */
package org.dsodenet.ops.layer;
