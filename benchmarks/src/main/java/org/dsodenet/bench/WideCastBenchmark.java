package org.dsodenet.bench;

import java.math.BigInteger;
import java.util.concurrent.TimeUnit;
import org.dsodenet.fixedpoint.WideFx;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Conversions per second for types wider than 64 bits, which only the exact BigInteger path ({@link WideFx}) handles.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar WideCastBenchmark}.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WideCastBenchmark extends JmhDefaults {
    static final int N = 4096;

    /** from|to pairs in C++ spelling. */
    @Param({
        "ap_fixed<96,40>|ap_fixed<48,20,AP_RND,AP_SAT_SYM>",
        "ap_fixed<96,40>|ap_fixed<72,30,AP_RND_CONV,AP_SAT>"})
    public String pair;

    CastInputs in;
    BigInteger[] wideOut;

    @Setup
    public void setup() {
        in = CastInputs.of(pair, N);
        wideOut = new BigInteger[N];
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public BigInteger[] bigInteger() {
        return in.castWide(wideOut);
    }
}
