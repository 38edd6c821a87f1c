package org.dsodenet.fixedpoint.oracle;

import java.math.BigInteger;
import org.dsodenet.fixedpoint.FixedType;

/**
 * One line of the golden-vector format ({@code cast,...} or {@code dbl,...}): a source value, a destination type and
 * the raw result Xilinx's ap_fixed produced. Raw values are numeric readings of the raw integer (negative for signed
 * types whose sign bit is set), so they compare directly with {@code WideFx} results.
 *
 * @param line        1-based line number in the file, for messages
 * @param source      source type for {@code cast} lines, {@code null} for {@code dbl} lines
 * @param sourceRaw   source raw value for {@code cast} lines, {@code null} for {@code dbl} lines
 * @param doubleBits  IEEE-754 bits of the source for {@code dbl} lines (unused for {@code cast})
 * @param target      destination type, with its quantization and overflow modes
 * @param expectedRaw the raw value the reference produced
 */
public record CastVector(int line, FixedType source, BigInteger sourceRaw, long doubleBits, FixedType target,
                         BigInteger expectedRaw) {

    /** True for a {@code dbl} line (a double assigned to the target type). */
    public boolean fromDouble() {
        return source == null;
    }

    /** The source double of a {@code dbl} line. */
    public double sourceDouble() {
        return Double.longBitsToDouble(doubleBits);
    }
}
