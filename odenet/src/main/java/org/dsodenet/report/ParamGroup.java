package org.dsodenet.report;

/** Where a layer sits in the network: before the ODE blocks, inside them, in a downsampling block, or after them. */
public enum ParamGroup {
    PRE("pre"),
    ODE("ode"),
    DOWN("down"),
    POST("post");

    private final String label;

    ParamGroup(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
