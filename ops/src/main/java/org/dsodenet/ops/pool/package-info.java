/** Pooling layers. */
package org.dsodenet.ops.pool;
