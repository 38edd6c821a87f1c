package org.dsodenet.bench;

import java.math.BigInteger;
import java.util.concurrent.TimeUnit;
import org.dsodenet.fixedpoint.Caster;
import org.dsodenet.fixedpoint.WideFx;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Conversions per second: the allocation-free {@link Caster} against the exact BigInteger path ({@link WideFx}),
 * for the casts a quantized network does most (accumulator to activation type).
 * Run: {@code java -jar benchmarks/target/benchmarks.jar CastBenchmark}.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CastBenchmark extends JmhDefaults {
    static final int N = 4096;

    /** from|to pairs in C++ spelling. */
    @Param({
        "ap_fixed<40,16>|ap_fixed<16,6,AP_RND_CONV,AP_SAT>",
        "ap_fixed<40,16>|ap_fixed<8,4>"})
    public String pair;

    CastInputs in;
    Caster caster;
    long[] raws;
    long[] out;
    BigInteger[] wideOut;

    @Setup
    public void setup() {
        in = CastInputs.of(pair, N);
        wideOut = new BigInteger[N];
        raws = new long[N];
        out = new long[N];
        for (int i = 0; i < N; i++) {
            raws[i] = in.raws()[i].longValue();
        }
        caster = Caster.of(in.from(), in.to());
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long[] fast() {
        for (int i = 0; i < N; i++) {
            out[i] = caster.apply(raws[i]);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public BigInteger[] bigInteger() {
        return in.castWide(wideOut);
    }
}
