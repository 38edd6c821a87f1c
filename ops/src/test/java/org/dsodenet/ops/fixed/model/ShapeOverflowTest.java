package org.dsodenet.ops.fixed.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dsodenet.fixedpoint.FixedType;
import org.junit.jupiter.api.Test;

/**
 * Sizes from a model file can be anything: products of channel counts and kernel sizes must not wrap around in
 * {@code int} and report a nonsense expected size, and non-positive sizes are refused by name.
 */
class ShapeOverflowTest {
    private static final FixedType T8 = FixedType.parse("ap_fixed<8,3>");
    private static final AccTypes TYPES = new AccTypes(T8, T8, FixedType.parse("ap_fixed<24,10>"), T8);

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void convWeightCountDoesNotWrap() {
        // 2^31 - 1 output channels x 9 taps wraps to 2147483639 in int
        assertEquals("c: weights has 9 values, expected 19327352823",
                message(() -> new QConv2d("c", 1, Integer.MAX_VALUE, 3, 1, 1, new long[9], null, TYPES)));
    }

    @Test
    void pointwiseDepthwiseAndLinearWeightCountsDoNotWrap() {
        assertEquals("p: weights has 4 values, expected 4294967294",
                message(() -> new QPointwiseConv2d("p", 2, Integer.MAX_VALUE, new long[4], null, TYPES)));
        assertEquals("d: weights has 9 values, expected 19327352823",
                message(() -> new QDepthwiseConv2d("d", Integer.MAX_VALUE, 3, 1, 1, new long[9], null, TYPES)));
        assertEquals("l: weights has 6 values, expected 200000000000",
                message(() -> new QLinear("l", 100_000, 2_000_000, new long[6], null, TYPES)));
    }

    @Test
    void nonPositiveSizesAreNamed() {
        // -1 x -1 x 3 x 3 = 9 would pass the length check
        assertEquals("c: cIn must be at least 1, got -1",
                message(() -> new QConv2d("c", -1, -1, 3, 1, 1, new long[9], null, TYPES)));
        assertEquals("p: cOut must be at least 1, got 0",
                message(() -> new QPointwiseConv2d("p", 2, 0, new long[0], null, TYPES)));
        assertEquals("l: in must be at least 1, got -2",
                message(() -> new QLinear("l", -2, -3, new long[6], null, TYPES)));
        assertEquals("b: channels must be at least 1, got 0",
                message(() -> new QBatchNorm("b", 0, new long[0], new long[0], T8, T8, T8)));
    }

    @Test
    void aSampleMustFitAnIntIndex() {
        // 1 x 100000 x 100000 = 10^10 values used to wrap to 1410065408
        assertEquals("a sample of 1x100000x100000 has 10000000000 values, more than 2147483639",
                message(() -> new Dims(1, 100_000, 100_000)));
    }
}
