package org.dsodenet.report;

/** Value axis scale of a chart. On {@link #LOG} values that are not strictly positive are not drawn. */
public enum Scale {
    LINEAR,
    LOG
}
