package org.dsodenet.ops.fixed.kernel;

/**
 * How a feature map's raws pass from one layer of the count-free forward to the next: as longs, or, between two
 * layers on real taps, as the floats or doubles both already work in (every raw an exact integer, proved at
 * planning time), so neither pays a conversion that C2 on JDK 17 does not vectorize.
 */
public enum RawPlane { LONGS, FLOATS, DOUBLES }
