package org.dsodenet.fixedpoint;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FixedTypeTest {
    @Test
    void parsePrintRoundTrip() {
        qt().withExamples(scaled(5000)).forAll(longs().all()).checkAssert(seed -> {
            FixedType t = new RandomFixed(seed).type(1024);
            assertEquals(t, FixedType.parse(t.toString()));
            assertEquals(t.toString(), FixedType.parse(t.toString()).toString());
        });
    }

    @Test
    void defaultsAreThoseOfVitisHls() {
        FixedType t = FixedType.parse("ap_fixed<16,6>");
        assertEquals(QuantMode.AP_TRN, t.quant());
        assertEquals(OverflowMode.AP_WRAP, t.overflow());
        assertEquals(0, t.satBits());
        assertEquals("ap_ufixed<8,0,AP_RND,AP_SAT>", FixedType.parse(" ap_ufixed < 8 , 0 , AP_RND , AP_SAT , 0 > ").toString());
        assertEquals("ap_fixed<16,6,AP_TRN,AP_WRAP,2>", FixedType.parse("ap_fixed<16,6,AP_TRN,AP_WRAP,2>").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ap_fixed", "ap_fixed<>", "ap_fixed<16>", "ap_fixed<0,0>", "ap_fixed<1025,4>",
            "ap_fixed<16,6,AP_ROUND>", "ap_fixed<16,6,AP_RND,AP_SATURATE>", "ap_fixed<16,6,AP_RND,AP_SAT,17>",
            "ap_ufixed<8,2,AP_RND,AP_WRAP_SM>", "ap_fixed<16,6", "ap_int<8>", "ap_fixed<99999999999,1>",
            "ap_fixed<8,2,AP_RND,AP_SAT,-1>"})
    void malformedTypesAreOneLineErrors(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FixedType.parse(text));
        assertTrue(!e.getMessage().contains("\n") && !e.getMessage().isBlank(), e.getMessage());
    }

    @Test
    void nanAndInfinityAreRejected() {
        FixedType t = FixedType.parse("ap_fixed<16,6>");
        for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> Fx.fromDouble(d, t));
            assertThrows(IllegalArgumentException.class, () -> WideFx.fromDouble(d, t));
        }
    }

    @Test
    void rangesOfTypes() {
        FixedType u64 = FixedType.unsigned(64, 10);
        assertEquals(-1L, u64.maxRaw());
        assertEquals(Long.MIN_VALUE, FixedType.signed(64, 0).minRaw());
        assertEquals(-128, FixedType.signed(8, 3).minRaw());
        assertEquals(255, FixedType.unsigned(8, -2).maxRaw());
        assertEquals(7.9375, FixedType.signed(8, 4).maxValue());
        assertThrows(IllegalStateException.class, () -> FixedType.signed(65, 3).maxRaw());
    }
}
