package org.dsodenet.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.Datasets;
import org.dsodenet.data.transform.Transforms;
import org.dsodenet.ops.act.ReLU;
import org.dsodenet.ops.conv.Conv2d;
import org.dsodenet.ops.conv.DepthwiseConv2d;
import org.dsodenet.ops.conv.PointwiseConv2d;
import org.dsodenet.ops.conv.Window;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QGlobalAvgPool;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.dsodenet.ops.fixed.model.QRelu;
import org.dsodenet.ops.layer.Residual;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.linear.Linear;
import org.dsodenet.ops.loss.SoftmaxCrossEntropy;
import org.dsodenet.ops.norm.BatchNorm2d;
import org.dsodenet.ops.pool.GlobalAvgPool;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.dsodenet.train.Adam;
import org.dsodenet.train.Batches;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The quantization knows no particular model: a plain conv, batch norm, ReLU, depthwise/pointwise, pool, linear
 * network (no ODE, built here from {@code ops} layers only) is folded, calibrated and quantized with a uniform
 * precision and with per-layer rules, fine-tuned with QAT, exported as an HLS project and reproduced by its C
 * simulation bit for bit.
 */
class PlainNetworkQuantizationTest {
    private static final int SIZE = 14;
    private static final int CLASSES = 10;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"fx8", "fx8;conv=16,16,16;dw=6,10,12;fc=16,16,16,24"})
    void ptqThenQatOfAPlainNetworkIsBitExactInCSimulation(String precision) {
        Dataset mnist = Transforms.match(Datasets.load("mnist"), 1, SIZE, SIZE).sample(228, 9);
        Dataset train = mnist.head(128);
        Dataset images = mnist.subset(IntStream.range(128, 228).toArray());
        Sequential net = network(5);
        train(net, train);
        String[] parts = precision.split(";");
        LayerPrecisions p = LayerPrecisions.parse(parts[0], List.of(parts).subList(1, parts.length));
        Dims input = new Dims(1, SIZE, SIZE);

        QNetwork ptq = NetworkQuantizer.quantize("plain", net, input, p, train);
        assertKinds(ptq);
        for (QLayer l : ptq.layers()) {
            if (l instanceof QConv2d || l instanceof QDepthwiseConv2d || l instanceof QPointwiseConv2d
                    || l instanceof QLinear) {
                assertEquals(p.of(l.name()).weightBits(), ((QMac) l).types().weight()
                        .width(), l.name() + ": its precision rule sets the weight width");
            }
        }

        QatResult qat = NetworkQuantizer.quantizeWithQat("plain", net, input, p, train, train,
                new QatOptions(1, 32, 1e-2, 3, true), null);
        assertEquals(TinyQuant.types(ptq), TinyQuant.types(qat.net()), "QAT keeps every type of the PTQ network");
        assertFalse(sameRaws(TinyQuant.raws(ptq), TinyQuant.raws(qat.net())), "QAT changed no weight");

        long compared = CSimBitExact.compared(qat.net(), "plain_top", dir.resolve("prj"), images, images.size());
        assertTrue(compared > 100L * 7 * 7 * 4, "compared " + compared);
    }

    /** A residual block has no quantized form: folding says so, before calibration would run over the data. */
    @Test
    void aLayerWithoutQuantizedFormIsRejectedWhenFolding() {
        SplittableRandom rng = new SplittableRandom(1);
        Sequential net = new Sequential(Conv2d.init("conv", 1, 2, new Window(3, 1, 1), false, rng),
                new Residual(new Sequential(Conv2d.init("inner", 2, 2, new Window(3, 1, 1), false, rng))),
                new GlobalAvgPool("gap"), Linear.init("fc", 2, CLASSES, true, rng));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Folding.fold(net));
        assertTrue(e.getMessage().contains("(Residual) has no quantized form"), e.getMessage());
    }

    /**
     * Re-quantizing (QAT's every step) pairs each float layer with its quantized twin: a twin of another kind under
     * the same name is a different network, reported with the layer, not a cast failure or a silent skip.
     */
    @Test
    void aFloatLayerOfAnotherKindThanItsQuantizedTwinIsReported() {
        SplittableRandom rng = new SplittableRandom(2);
        Conv2d conv = Conv2d.init("conv", 1, 2, new Window(3, 1, 1), false, rng);
        Linear fc = Linear.init("fc", 2, TinyQuant.CLASSES, true, rng);
        Sequential net = new Sequential(conv, new ReLU("relu"), DepthwiseConv2d.init("mid", 2, new Window(3, 1, 1),
                false, rng), new GlobalAvgPool("gap"), fc);
        QNetwork q = NetworkQuantizer.quantize("twin", net, new Dims(1, TinyQuant.SIZE, TinyQuant.SIZE),
                LayerPrecisions.uniform(Precision.FX8), TinyQuant.data(12, 2));
        Sequential other = new Sequential(conv, new ReLU("relu"), PointwiseConv2d.init("mid", 2, 2, false, rng),
                new GlobalAvgPool("gap"), fc);
        String expected = "layer mid: float PointwiseConv2d does not match quantized QDepthwiseConv2d";
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> Quantizer.requantize(q, other)).getMessage());
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> WeightSlots.of(other, q)).getMessage());
    }

    /** conv, bn, relu, dw (stride 2), pw, bn, relu, pool, linear: 14x14x1 in, 10 logits out. */
    private static Sequential network(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return new Sequential(
                Conv2d.init("conv", 1, 4, new Window(3, 1, 1), false, rng),
                new BatchNorm2d("conv.bn", 4),
                new ReLU("conv.relu"),
                DepthwiseConv2d.init("dw", 4, new Window(3, 2, 1), false, rng),
                PointwiseConv2d.init("pw", 4, 6, false, rng),
                new BatchNorm2d("pw.bn", 6),
                new ReLU("pw.relu"),
                new GlobalAvgPool("gap"),
                Linear.init("fc", 6, CLASSES, true, rng));
    }

    /** A few Adam steps, enough for the batch norms' running statistics and the weights to leave their start. */
    private static void train(Sequential net, Dataset data) {
        Adam opt = new Adam(net.params(), 0.01);
        int per = data.imageSize();
        for (int[] idx : Batches.split(Batches.order(1, 0, data.size()), 32, true)) {
            float[] x = new float[idx.length * per];
            int[] y = new int[idx.length];
            for (int i = 0; i < idx.length; i++) {
                data.copyImage(idx[i], x, i * per);
                y[i] = data.label(idx[i]);
            }
            Tensor logits = net.forward(Tensor.wrap(Shape.nchw(idx.length, 1, SIZE, SIZE), x), true);
            net.backward(SoftmaxCrossEntropy.hard(logits, y).gradLogits());
            opt.step();
            opt.zeroGrad();
        }
    }

    /** Every batch norm follows a convolution, so all of them are folded: no QBatchNorm is left. */
    private static void assertKinds(QNetwork q) {
        List<Class<?>> kinds = List.of(QConv2d.class, QRelu.class, QDepthwiseConv2d.class, QPointwiseConv2d.class,
                QRelu.class, QGlobalAvgPool.class, QLinear.class);
        assertEquals(kinds.size(), q.layers().size(), q.layers().toString());
        for (int i = 0; i < kinds.size(); i++) {
            assertInstanceOf(kinds.get(i), q.layers().get(i));
        }
    }

    private static boolean sameRaws(List<long[]> a, List<long[]> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return a.size() == b.size();
    }
}
