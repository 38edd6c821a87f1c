/** Loss functions returning the loss and its gradient with respect to the network output. */
package org.dsodenet.ops.loss;
