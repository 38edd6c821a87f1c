package org.dsodenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code fx cast} into legal but extreme types: the decimal of a value of {@code ap_fixed<1024,-1048576>} has a
 * million digits and took minutes to print, so past an LSB exponent of ±4096 the value is shown as raw × 2^e.
 */
class FxExtremeTypeTest {

    private static String cast(String from, String raw, String to) {
        CliRun r = CliRun.of("fx", "cast", "--from", from, "--raw", raw, "--to", to);
        assertEquals(0, r.exit(), r.err());
        return r.lastLine();
    }

    @Test
    void farBelowOneIsRawTimesAPowerOfTwo() {
        // 127 · 2^-1049600 = 1.0479843719666550...E-315959 (Python's decimal module at 50 digits)
        assertEquals("ap_fixed<1024,-1048576> raw 0x7f = 127 * 2^-1049600 ~ 1.04798437196666E-315959",
                cast("ap_fixed<1024,-1048576>", "7f", "ap_fixed<1024,-1048576>"));
    }

    @Test
    void farAboveOneIsRawTimesAPowerOfTwo() {
        // 3 · 2^1047552 = 1.1249651002336457...E+315345 (same check)
        assertEquals("ap_fixed<1024,1048576> raw 0x3 = 3 * 2^1047552 ~ 1.12496510023365E+315345",
                cast("ap_fixed<1024,1048576>", "3", "ap_fixed<1024,1048576>"));
    }

    @Test
    void justPastTheExactLimitTheApproximationMatchesTheExactValue() {
        // LSB 2^-4097: one past the limit, where the exact value is still cheap to compare with.
        String line = cast("ap_fixed<16,-4081>", "1", "ap_fixed<16,-4081>");
        String prefix = "ap_fixed<16,-4081> raw 0x1 = 1 * 2^-4097 ~ ";
        assertTrue(line.startsWith(prefix), line);
        BigDecimal exact = BigDecimal.ONE.divide(new BigDecimal(BigInteger.ONE.shiftLeft(4097)));
        assertEquals(exact.round(new java.math.MathContext(15)), new BigDecimal(line.substring(prefix.length())));
    }

    @Test
    void atTheLimitTheDecimalIsExact() {
        String line = cast("ap_fixed<16,-4080>", "1", "ap_fixed<16,-4080>");
        String value = line.substring(line.indexOf(" = ") + 3);
        assertEquals(BigDecimal.ONE.divide(new BigDecimal(BigInteger.ONE.shiftLeft(4096))), new BigDecimal(value));
        assertEquals(4096 + 2, value.length(), "0. and 4096 fractional digits");
    }
}
