package org.dsodenet.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.ops.fixed.kernel.ConvKernel;
import org.dsodenet.ops.fixed.kernel.LayerKernel;
import org.dsodenet.ops.fixed.kernel.Scratch;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.dsodenet.ops.fixed.types.AccumulatorSizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Bit-exact fixed-point layer forwards per second at dsODENet's feature-map sizes (one sample, one thread), on the
 * {@code long} fast path (channels proven to fit ints on ints). GMAC/s = ops/s × MACs per forward / 1e9, with the MAC count printed at setup.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar FixedLayerBenchmark}.
 */
@OutputTimeUnit(TimeUnit.SECONDS)
public class FixedLayerBenchmark extends LayerShapes {
    /**
     * 8: activations ap_fixed<8,3>, weights ap_fixed<8,1>, accumulator ap_fixed<32,12> (exact steps);
     * 16: activations ap_fixed<16,6>, weights ap_fixed<16,2>, accumulator ap_fixed<32,12> (each step drops 4 bits);
     * 16s: the same 16-bit types with the accumulator the project sizes for them ({@link AccumulatorSizer}, as
     * {@code quantize --precision fx16} does: every bit kept, never overflowing).
     */
    @Param({"8", "16", "16s"})
    public String bits;

    ConvKernel kernel;
    long[] in;
    long[] out;
    FixedStats acc;
    FixedStats outStats;
    /** The count-free forward's working arrays, kept across calls as the network forward keeps them per thread. */
    Scratch scratch;

    @Setup
    public void setup() {
        int c = channels();
        int hw = hw();
        boolean eight = bits.equals("8");
        FixedType x = FixedType.parse(eight ? "ap_fixed<8,3,AP_RND,AP_SAT>" : "ap_fixed<16,6,AP_RND,AP_SAT>");
        FixedType w = FixedType.parse(eight ? "ap_fixed<8,1>" : "ap_fixed<16,2>");
        AccTypes types = new AccTypes(w, w, FixedType.parse("ap_fixed<32,12>"), x);
        SplittableRandom r = new SplittableRandom(1);
        // Trained-like data: activations ~ N(0, 1), weights ~ N(0, 1/fan-in), so outputs rarely saturate.
        QMac l = layer(c, r, w, types);
        if (bits.equals("16s")) {
            // The same weights again (same seed), now with the sized accumulator; r has moved on to the input.
            l = layer(c, new SplittableRandom(1), w, new AccTypes(w, w, AccumulatorSizer.accumulator(l, x), x));
        }
        Dims d = new Dims(c, hw, hw);
        kernel = (ConvKernel) LayerKernel.plan(l, d, x);
        if (!kernel.fast()) {
            throw new IllegalStateException(layer + " did not plan a fast kernel");
        }
        in = gauss(r, x, d.size(), 1);
        out = new long[kernel.outDims().size()];
        // Counts just keep growing across invocations; a reset per call would cost more than small layers.
        acc = new FixedStats();
        outStats = new FixedStats();
        scratch = new Scratch();
        kernel.forwardFast(in, out, acc, outStats);
        System.out.println("# " + layer + " " + shape + " " + bits + "-bit: " + kernel.macs() + " MACs per forward, "
                + outStats.saturated + " of " + outStats.conversions + " outputs saturated, " + kernel.intChannels()
                + " of " + kernel.outDims().c() + " channels on ints; count-free: " + kernel.floatChannels()
                + " on floats, " + kernel.realDoubleChannels() + " on doubles, " + kernel.intTapChannels() + " on int taps, "
                + kernel.roundedChannels() + " rounded on their taps; accumulator " + l.types().acc());
    }

    private QMac layer(int c, SplittableRandom r, FixedType w, AccTypes types) {
        return layer(layer, c, r, w, types);
    }

    /** The benchmark's layer of the given kind with trained-like random weights and bias. */
    static QMac layer(String layer, int c, SplittableRandom r, FixedType w, AccTypes types) {
        switch (layer) {
            case "dw3x3":
                return new QDepthwiseConv2d("dw", c, 3, 1, 1, gauss(r, w, c * 9, 9), gauss(r, w, c, 9), types);
            case "pw":
                return new QPointwiseConv2d("pw", c, c, gauss(r, w, c * c, c), gauss(r, w, c, c), types);
            default:
                return new QConv2d("conv", c, c, 3, 1, 1, gauss(r, w, c * c * 9, c * 9), gauss(r, w, c, c * 9),
                        types);
        }
    }

    static long[] gauss(SplittableRandom r, FixedType t, int n, int fanIn) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            double g = new java.util.Random(r.nextLong()).nextGaussian() / Math.sqrt(fanIn);
            v[i] = Fx.fromDouble(g, t.withModes(QuantMode.AP_RND, OverflowMode.AP_SAT, 0));
        }
        return v;
    }

    @Benchmark
    public long[] forward() {
        kernel.forwardFast(in, out, acc, outStats);
        return out;
    }

    /**
     * The same raws without counting dropped bits (QAT steps and evaluation), on working arrays reused across calls
     * (a fresh set per call would time their allocation, not the kernel).
     */
    @Benchmark
    public long[] values() {
        kernel.valuesFast(in, out, scratch);
        return out;
    }
}
