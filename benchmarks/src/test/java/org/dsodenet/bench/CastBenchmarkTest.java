package org.dsodenet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import org.dsodenet.fixedpoint.Fx;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The two paths a benchmark times must compute the same conversions, or its comparison means nothing. */
class CastBenchmarkTest {
    @ParameterizedTest
    @ValueSource(strings = {"ap_fixed<40,16>|ap_fixed<16,6,AP_RND_CONV,AP_SAT>", "ap_fixed<40,16>|ap_fixed<8,4>"})
    void fastAndBigIntegerPathsAgree(String pair) {
        CastBenchmark b = new CastBenchmark();
        b.pair = pair;
        b.setup();
        long[] fast = b.fast().clone();
        BigInteger[] wide = b.bigInteger();
        for (int i = 0; i < CastBenchmark.N; i++) {
            assertEquals(wide[i], Fx.toBig(fast[i], b.in.to()), "value " + i);
        }
    }
}
