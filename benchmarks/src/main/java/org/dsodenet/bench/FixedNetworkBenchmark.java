package org.dsodenet.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.Datasets;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.ops.fixed.FixedForward;
import org.dsodenet.ops.fixed.Trace;
import org.dsodenet.ops.fixed.kernel.Values;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The bit-exact forward of a whole quantized network on one MNIST image, one thread: {@code run} (every conversion
 * counted, as the report shows them) against {@code outputs} (the same raws without counts, as QAT steps and
 * evaluation need them). Needs a quantized model file, e.g. the demo's:
 * {@code java -jar benchmarks/target/benchmarks.jar FixedNetworkBenchmark -p model=OUT/models/student-distill-fx16.dsod}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FixedNetworkBenchmark extends JmhDefaults {
    /** Path of a .dsod file holding a quantized network. */
    @Param("")
    public String model;

    FixedForward forward;
    long[] in;

    @Setup
    public void setup() {
        if (model.isEmpty()) {
            throw new IllegalStateException("pass -p model=PATH of a quantized .dsod (./dsodenet demo writes one)");
        }
        QNetwork net = ModelFile.load(Path.of(model)).quantized();
        if (net == null) {
            throw new IllegalStateException(model + " holds no quantized network");
        }
        Dataset mnist = Datasets.load("mnist");
        float[] image = mnist.image(0);
        if (image.length != net.input().size()) {
            throw new IllegalStateException("the network expects " + net.input() + ", MNIST images have "
                    + image.length + " values");
        }
        FixedType rounding = net.inputType().withModes(QuantMode.AP_RND_CONV, OverflowMode.AP_SAT, 0);
        in = new long[image.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = Fx.fromDouble(image[i], rounding);
        }
        forward = new FixedForward(net);
        System.out.println("# " + model + ": layers on the BigInteger path " + forward.wideLayers());
    }

    @Benchmark
    public Trace run() {
        return forward.run(in);
    }

    @Benchmark
    public Values outputs() {
        return forward.outputs(in);
    }
}
