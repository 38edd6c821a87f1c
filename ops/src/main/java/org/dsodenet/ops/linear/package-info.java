/** Fully connected layers. */
package org.dsodenet.ops.linear;
