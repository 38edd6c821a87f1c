package org.dsodenet.codegen.hls;

import java.util.List;
import org.dsodenet.fixedpoint.FixedType;

/**
 * Expected values of one traced array, as the Java fixed-point forward computed them.
 *
 * @param layer model name of the layer (the generator maps it to the same C identifier as in the top function)
 * @param step  Euler step for layers inside an ODE function and for the state after each step; -1 elsewhere
 * @param type  the array's element type
 * @param hex   raw bit patterns, lower-case hex (see {@link org.dsodenet.fixedpoint.oracle.RawHex})
 */
public record TbRecord(String layer, int step, FixedType type, List<String> hex) {
    public TbRecord {
        hex = List.copyOf(hex);
    }
}
