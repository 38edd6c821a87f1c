package org.dsodenet.ops.ode;

/** Fixed-step explicit integration schemes of {@link OdeBlock}. */
public enum Solver {
    /** {@code z + h·f(z, t)}: one evaluation of f per step; what dsODENet and its FPGA datapath use. */
    EULER,
    /** Classical fourth-order Runge–Kutta: four evaluations of f per step, for accuracy comparisons. */
    RK4
}
