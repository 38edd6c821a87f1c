package org.dsodenet.report;

/** One point of a curve. Either coordinate may be NaN or infinite; such points are left out of the plot. */
public record Point(double x, double y) {}
