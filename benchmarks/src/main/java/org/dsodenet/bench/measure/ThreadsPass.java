package org.dsodenet.bench.measure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.ops.fixed.FixedForward;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.parallel.Parallel;
import org.dsodenet.ops.tensor.Tensor;

/**
 * {@link AbThreads}'s pass over one batch of a model, defined into each build's class loader: given
 * {@code MODEL TB_DATA float|exact BATCH}, a consumer that runs one pass on the given number of kernel threads. Float:
 * the logits in an output scope, as Evaluator.floatModel runs them; exact: the count-free bit-exact
 * {@code outputsBatch}. The testbench's images repeat up to the batch. Only public API that older builds also have.
 */
public final class ThreadsPass implements Function<String[], IntConsumer> {
    static Object sink;

    @Override
    public IntConsumer apply(String[] a) {
        try {
            ModelFile.Loaded loaded = ModelFile.load(Path.of(a[0]));
            QNetwork net = loaded.quantized();
            List<long[]> tb = ExactSpeed.inputs(Path.of(a[1]), net.inputType(), net.input().size());
            int batch = Integer.parseInt(a[3]);
            List<long[]> inputs = java.util.stream.IntStream.range(0, batch).mapToObj(i -> tb.get(i % tb.size()))
                    .toList();
            if (a[2].equals("exact")) {
                FixedForward exact = new FixedForward(net);
                return threads -> {
                    Parallel.setThreads(threads);
                    sink = exact.outputsBatch(inputs);
                };
            }
            OdeNetModel model = loaded.model();
            Tensor images = ExactSpeed.dequantized(inputs, net);
            return threads -> {
                Parallel.setThreads(threads);
                Outputs.scoped(() -> {
                    sink = model.logits(images).data();
                });
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
