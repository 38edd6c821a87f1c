package org.dsodenet.odenet.model;

/** Where a layer sits; the paper's parameter comparison leaves out PRE and POST. */
public enum Group {
    PRE, ODE, DOWN, POST
}
