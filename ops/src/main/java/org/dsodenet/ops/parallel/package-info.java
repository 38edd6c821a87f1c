/** The deterministic work-sharing used by the float kernels. */
package org.dsodenet.ops.parallel;
