package org.dsodenet.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.ops.conv.FloatConvBatch;
import org.dsodenet.ops.fixed.kernel.ConvKernel;
import org.dsodenet.ops.fixed.kernel.FloatBatchConv;
import org.dsodenet.ops.fixed.kernel.IntBatchConv;
import org.dsodenet.ops.fixed.kernel.IntGroupBuffers;
import org.dsodenet.ops.fixed.kernel.LayerKernel;
import org.dsodenet.ops.fixed.kernel.Scratch;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.types.AccumulatorSizer;
import org.dsodenet.ops.parallel.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * One bit-exact layer as the group forward runs it inside the network: 32 samples at once, one thread. 8-bit: on
 * float taps, input and output raws on NCHW float planes, the exact sums from the float layer kernels and the output
 * conversion in place ({@link FloatBatchConv}). 16-bit: on double taps, so on the int group path, input and output
 * raws on NCHW int planes ({@link IntBatchConv}; the Gaussian inputs keep every sum within an int, so no channel
 * takes the split sums). The 8- and 16-bit types of {@link FixedLayerBenchmark}, but rounding AP_RND_CONV as the
 * demo's students do and with the accumulator the project sizes for them (every bit kept, as
 * {@code quantize --precision fx8|fx16} does). GMAC/s = ops/s × 32 × MACs per sample / 1e9, with the MAC count
 * printed at setup. Run: {@code java -jar benchmarks/target/benchmarks.jar FixedBatchLayerBenchmark}.
 */
@OutputTimeUnit(TimeUnit.SECONDS)
public class FixedBatchLayerBenchmark extends LayerShapes {
    static final int BATCH = 32;

    /** 8: activations ap_fixed<8,3>, weights ap_fixed<8,1>; 16: activations ap_fixed<16,6>, weights ap_fixed<16,2>. */
    @Param({"8", "16"})
    public String bits;

    FloatBatchConv conv;
    IntBatchConv ints;
    int[] inInts;
    int[] outInts;
    IntGroupBuffers buffers;
    FloatConvBatch geometry;
    float[] in;
    float[] out;
    Scratch scratch;

    @Setup
    public void setup() {
        Parallel.setThreads(1);
        int c = channels();
        int hw = hw();
        boolean eight = bits.equals("8");
        FixedType x = FixedType.parse(eight ? "ap_fixed<8,3,AP_RND_CONV,AP_SAT>" : "ap_fixed<16,6,AP_RND_CONV,AP_SAT>");
        FixedType w = FixedType.parse(eight ? "ap_fixed<8,1>" : "ap_fixed<16,2>");
        QMac probe = FixedLayerBenchmark.layer(layer, c, new SplittableRandom(1), w,
                new AccTypes(w, w, FixedType.parse("ap_fixed<32,12>"), x));
        SplittableRandom r = new SplittableRandom(1);
        QMac l = FixedLayerBenchmark.layer(layer, c, r, w, new AccTypes(w, w, AccumulatorSizer.accumulator(probe, x),
                x));
        Dims d = new Dims(c, hw, hw);
        ConvKernel kernel = (ConvKernel) LayerKernel.plan(l, d, x);
        in = new float[BATCH * d.size()];
        inInts = new int[BATCH * d.size()];
        for (int i = 0; i < BATCH; i++) {
            long[] raws = FixedLayerBenchmark.gauss(r, x, d.size(), 1);
            for (int j = 0; j < raws.length; j++) {
                in[i * d.size() + j] = raws[j];
                inInts[i * d.size() + j] = (int) raws[j];
            }
        }
        out = new float[BATCH * kernel.outDims().size()];
        outInts = new int[BATCH * kernel.outDims().size()];
        scratch = new Scratch();
        buffers = new IntGroupBuffers();
        if (eight) {
            conv = FloatBatchConv.of(kernel);
            if (conv == null || !conv.handsOnFloats()) {
                throw new IllegalStateException(layer + " " + shape + ": not on float taps, or its outputs leave floats");
            }
            geometry = conv.geometry(BATCH);
        } else {
            ints = IntBatchConv.of(kernel);
            boolean plain = ints != null && ints.run(inInts, BATCH, outInts, buffers);
            if (!plain || buffers.splits() + buffers.partials() > 0) {
                throw new IllegalStateException(layer + " " + shape + ": not on plain ints");
            }
        }
        System.out.println("# " + layer + " " + shape + " " + bits + "-bit, batch " + BATCH + ": " + kernel.macs()
                + " MACs per sample; accumulator "
                + l.types().acc());
    }

    /** The exact sums of 32 samples and their output raws: in place on the float plane, or onto the int plane. */
    @Benchmark
    public Object batch() {
        if (ints != null) {
            ints.run(inInts, BATCH, outInts, buffers);
            return outInts;
        }
        conv.rawsOnFloats(geometry, in, out, BATCH, scratch);
        return out;
    }
}
