/** Activation functions. */
package org.dsodenet.ops.act;
