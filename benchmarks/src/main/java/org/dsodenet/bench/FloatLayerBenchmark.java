package org.dsodenet.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.dsodenet.ops.conv.Conv2d;
import org.dsodenet.ops.conv.DepthwiseConv2d;
import org.dsodenet.ops.conv.PointwiseConv2d;
import org.dsodenet.ops.conv.Window;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.parallel.Parallel;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Float forward and backward of the dsODENet convolutions at the network's feature-map sizes (C channels in and
 * out, H×W map, batch 32), one operation = one layer call on the whole batch. FLOPs per operation (a multiply-add
 * counted as 2): depthwise 3×3 {@code 2·N·C·H·W·9}, pointwise {@code 2·N·C·C·H·W}, conv 3×3
 * {@code 2·N·C·C·H·W·9}; backward computes the input and the weight gradient, twice the forward FLOPs.
 * {@code threads = 0} uses every core. Run: {@code java -jar benchmarks/target/benchmarks.jar FloatLayer}.
 */
@OutputTimeUnit(TimeUnit.SECONDS)
public class FloatLayerBenchmark extends LayerShapes {
    static final int BATCH = 32;

    /** Kernel threads, 0 = all cores. */
    @Param({"1", "0"})
    public int threads;

    Layer op;
    Tensor x;
    Tensor gradOut;

    @Setup(Level.Trial)
    public void setup() {
        int c = channels();
        int hw = hw();
        Parallel.setThreads(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
        SplittableRandom rng = new SplittableRandom(1);
        op = switch (layer) {
            case "dw3x3" -> DepthwiseConv2d.init("dw", c, new Window(3, 1, 1), true, rng);
            case "pw" -> PointwiseConv2d.init("pw", c, c, true, rng);
            case "conv3x3" -> Conv2d.init("conv", c, c, new Window(3, 1, 1), true, rng);
            default -> throw new IllegalArgumentException("unknown layer " + layer);
        };
        x = Tensor.randn(Shape.nchw(BATCH, c, hw, hw), rng, 1.0);
        gradOut = Tensor.randn(Shape.nchw(BATCH, c, hw, hw), rng, 1.0);
    }

    /** Backward pops the state of one training forward; record it outside the measured call. */
    @Setup(Level.Invocation)
    public void recordForward() {
        op.clearCache();
        op.forward(x, true);
    }

    /**
     * One call in an output scope, as training steps and inference batches make them: the output array is reused
     * from the previous call (its first value is returned so the call is not optimised away).
     */
    @Benchmark
    public float forward() {
        return Outputs.scoped(() -> op.forward(x, false).data()[0]);
    }

    @Benchmark
    public float backward() {
        return Outputs.scoped(() -> op.backward(gradOut).data()[0]);
    }
}
