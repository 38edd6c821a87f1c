package org.dsodenet.quant;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.data.Dataset;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.odenet.quant.ModelQuantizer;
import org.dsodenet.odenet.training.DomainTrainer;
import org.dsodenet.odenet.training.TrainOptions;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QBatchNorm;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QGlobalAvgPool;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QOdeBlock;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.dsodenet.ops.fixed.model.QRelu;
import org.dsodenet.ops.fixed.types.Calibration;
import org.dsodenet.ops.layer.Sequential;

/** Tiny models and synthetic data for the QAT tests, and ways to compare quantized networks. */
final class TinyQuant {
    static final int SIZE = 8;
    static final int CLASSES = 3;

    private TinyQuant() {}

    static ModelConfig config(boolean timeChannel) {
        return ModelConfig.defaults(Arch.DSODENET).withInput(1, SIZE, CLASSES).withChannels(new int[] {2, 3, 4})
                .withSteps(2, 0.5).withTimeChannel(timeChannel);
    }

    /**
     * {@code n} grey 8x8 images of three classes: a bright 3x3 blob in the top-left, centre or bottom-right corner,
     * at a jittered place over uniform noise.
     */
    static Dataset data(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * SIZE * SIZE];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % CLASSES;
            y[i] = c;
            for (int p = 0; p < SIZE * SIZE; p++) {
                x[i * SIZE * SIZE + p] = (float) (0.3 * rng.nextDouble());
            }
            int at = c * 2 + rng.nextInt(2);
            for (int dy = 0; dy < 3; dy++) {
                for (int dx = 0; dx < 3; dx++) {
                    x[i * SIZE * SIZE + (at + dy) * SIZE + at + dx] += 0.7f;
                }
            }
        }
        return Dataset.of("blobs", x, y, 1, SIZE, SIZE, CLASSES);
    }

    static OdeNetModel trained(ModelConfig cfg, Dataset train, int epochs, long seed) {
        OdeNetModel m = OdeNetModel.create(cfg, seed);
        TrainOptions o = TrainOptions.defaults().withEpochs(epochs).withBatchSize(16).withLr(1e-2).withSeed(seed);
        new DomainTrainer(m, o, null).fit(train, null, null, false, null, null, null);
        return m;
    }

    /** A folded model with the network post-training quantization makes of it. */
    record Ptq(Sequential folded, Calibration cal, QNetwork net) {}

    static Ptq ptq(OdeNetModel m, Precision p, Dataset calib) {
        return ptq(m, LayerPrecisions.uniform(p), calib);
    }

    static Ptq ptq(OdeNetModel m, LayerPrecisions p, Dataset calib) {
        Sequential folded = ModelQuantizer.fold(m);
        Calibration cal = NetworkQuantizer.calibrate(folded, calib);
        ModelConfig c = m.config();
        return new Ptq(folded, cal, Quantizer.quantize("tiny", folded, new Dims(c.inChannels(), c.inputSize(),
                c.inputSize()), cal, p));
    }

    /** Everything about a network except its raw weights: names, kinds, types, constants. */
    static List<Object> types(QNetwork net) {
        List<Object> out = new ArrayList<>();
        out.add(net.input());
        out.add(net.inputType());
        for (QLayer l : QNetwork.flatten(net.layers())) {
            out.add(l.getClass().getSimpleName() + " " + l.name());
            if (l instanceof QConv2d q) {
                out.add(List.of(q.types(), q.cIn(), q.cOut(), q.k(), q.stride(), q.pad(), q.bias() != null));
            } else if (l instanceof QDepthwiseConv2d q) {
                out.add(List.of(q.types(), q.channels(), q.k(), q.stride(), q.pad(), q.bias() != null));
            } else if (l instanceof QPointwiseConv2d q) {
                out.add(List.of(q.types(), q.cIn(), q.cOut(), q.bias() != null));
            } else if (l instanceof QLinear q) {
                out.add(List.of(q.types(), q.in(), q.out(), q.bias() != null));
            } else if (l instanceof QBatchNorm q) {
                out.add(List.of(q.scaleType(), q.shiftType(), q.outputType(), q.channels()));
            } else if (l instanceof QRelu q) {
                out.add(q.outputType());
            } else if (l instanceof QGlobalAvgPool q) {
                out.add(List.of(q.accType(), q.recipType(), q.recipRaw(), q.outputType()));
            } else if (l instanceof QOdeBlock q) {
                out.add(List.of(q.steps(), q.hType(), q.hRaw(), q.stateType(), q.timeChannel()));
            } else {
                throw new IllegalArgumentException("unknown layer " + l);
            }
        }
        return out;
    }

    /** Every raw constant of a network, in layer order (null biases as empty arrays). */
    static List<long[]> raws(QNetwork net) {
        List<long[]> out = new ArrayList<>();
        for (QLayer l : QNetwork.flatten(net.layers())) {
            if (l instanceof QMac q) {
                out.add(q.weights());
                out.add(orEmpty(q.bias()));
            } else if (l instanceof QBatchNorm q) {
                out.add(q.scale());
                out.add(q.shift());
            }
        }
        return out;
    }

    private static long[] orEmpty(long[] a) {
        return a == null ? new long[0] : a;
    }
}
