package org.dsodenet.bench.measure;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.Datasets;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
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
    @Override
    public Runnable get() {
        Parallel.setThreads(1);
        int batch = 64;
        Dataset data = Datasets.load("mnist").head(256);
        OdeNetModel model = OdeNetModel.create(ModelConfig.defaults(Arch.DSODENET), 1);
        int[] idx = new int[batch];
        Arrays.setAll(idx, i -> i);
        float[] x = new float[batch * data.imageSize()];
        int[] y = new int[batch];
        data.fill(idx, 0, batch, x, y);
        Tensor in = Tensor.wrap(Shape.nchw(batch, data.channels(), data.height(), data.width()), x);
        Sequential net = new Sequential(List.of(model.body(), model.head()));
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
