/** Neural-ODE blocks: fixed-step Euler and RK4 integration of a layer, with backward through the unrolled steps. */
package org.dsodenet.ops.ode;
