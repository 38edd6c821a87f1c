package org.dsodenet.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.ops.conv.FloatConvBatch;
import org.dsodenet.ops.fixed.kernel.ConvKernel;
import org.dsodenet.ops.fixed.kernel.FloatBatchConv;
import org.dsodenet.ops.fixed.kernel.LayerKernel;
import org.dsodenet.ops.fixed.kernel.Scratch;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.types.AccumulatorSizer;
import org.dsodenet.ops.parallel.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;

/**
 * One bit-exact layer on float taps as the group forward runs it inside the network: 32 samples at once, one
 * thread, input and output raws on NCHW float planes, the exact sums from the float layer kernels and the output
 * conversion in place ({@link FloatBatchConv}). The 8-bit types of {@link FixedLayerBenchmark}, but rounding
 * AP_RND_CONV as the demo's students do (the float planes take no AP_RND output) and with the accumulator the
 * project sizes for them (every bit kept, as {@code quantize --precision fx8} does), so the outputs stay on floats. GMAC/s = ops/s × 32 × MACs per sample / 1e9, with the MAC count printed at setup.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar FixedBatchLayerBenchmark}.
 */
@OutputTimeUnit(TimeUnit.SECONDS)
public class FixedBatchLayerBenchmark extends LayerShapes {
    static final int BATCH = 32;

    FloatBatchConv conv;
    FloatConvBatch geometry;
    float[] in;
    float[] out;
    Scratch scratch;

    @Setup
    public void setup() {
        Parallel.setThreads(1);
        int c = channels();
        int hw = hw();
        FixedType x = FixedType.parse("ap_fixed<8,3,AP_RND_CONV,AP_SAT>");
        FixedType w = FixedType.parse("ap_fixed<8,1>");
        QMac probe = FixedLayerBenchmark.layer(layer, c, new SplittableRandom(1), w,
                new AccTypes(w, w, FixedType.parse("ap_fixed<32,12>"), x));
        SplittableRandom r = new SplittableRandom(1);
        QMac l = FixedLayerBenchmark.layer(layer, c, r, w, new AccTypes(w, w, AccumulatorSizer.accumulator(probe, x),
                x));
        Dims d = new Dims(c, hw, hw);
        ConvKernel kernel = (ConvKernel) LayerKernel.plan(l, d, x);
        conv = FloatBatchConv.of(kernel);
        if (conv == null || !conv.handsOnFloats()) {
            throw new IllegalStateException(layer + " " + shape + ": not on float taps, or its outputs leave floats");
        }
        geometry = conv.geometry(BATCH);
        in = new float[BATCH * d.size()];
        for (int i = 0; i < BATCH; i++) {
            long[] raws = FixedLayerBenchmark.gauss(r, x, d.size(), 1);
            for (int j = 0; j < raws.length; j++) {
                in[i * d.size() + j] = raws[j];
            }
        }
        out = new float[BATCH * kernel.outDims().size()];
        scratch = new Scratch();
        System.out.println("# " + layer + " " + shape + " 8-bit, batch " + BATCH + ": " + kernel.macs()
                + " MACs per sample; accumulator "
                + l.types().acc());
    }

    /** The exact sums of 32 samples and their output raws, in place on the float plane. */
    @Benchmark
    public float[] batch() {
        conv.sums(geometry, in, out);
        conv.outputs(out, BATCH, null, scratch);
        return out;
    }
}
