package org.dsodenet.bench.measure;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.Datasets;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.loss.SoftmaxCrossEntropy;
import org.dsodenet.ops.parallel.Parallel;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.dsodenet.train.Adam;

/**
 * {@link FloatMeasure}'s float training step (dsODENet 8-16-32, 4 Euler steps, batch 64 of the bundled MNIST
 * images, forward, loss, backward, Adam) on one kernel thread, as a Runnable. Only public API that older builds
 * also have, so that {@link AbStep} can run it against their jars.
 */
public final class FloatTrainStep implements Supplier<Runnable> {
    /** The first {@code batch} images of {@code data} as a batch: their indices, the input and the labels. */
    record Images(int[] idx, Tensor in, int[] y) {
        static Images first(Dataset data, int batch) {
            int[] idx = new int[batch];
            Arrays.setAll(idx, i -> i);
            float[] x = new float[batch * data.imageSize()];
            int[] y = new int[batch];
            data.fill(idx, 0, batch, x, y);
            return new Images(idx, Tensor.wrap(Shape.nchw(batch, data.channels(), data.height(), data.width()), x), y);
        }
    }

    @Override
    public Runnable get() {
        Parallel.setThreads(1);
        Images b = Images.first(Datasets.load("mnist").head(256), 64);
        OdeNetModel model = OdeNetModel.create(ModelConfig.defaults(Arch.DSODENET), 1);
        return step(new Sequential(List.of(model.body(), model.head())), b.in(), b.y());
    }

    /** One training step of {@code net} on {@code in} with labels {@code y}: forward, loss, backward, Adam. */
    static Runnable step(Layer net, Tensor in, int[] y) {
        Adam opt = new Adam(net.params(), 1e-3);
        return () -> {
            Outputs.scoped(() -> {
                Tensor logits = net.forward(in, true);
                net.backward(SoftmaxCrossEntropy.hard(logits, y).gradLogits());
            });
            opt.step();
            opt.zeroGrad();
        };
    }
}
