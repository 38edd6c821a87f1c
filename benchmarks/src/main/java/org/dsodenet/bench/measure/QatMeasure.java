package org.dsodenet.bench.measure;

import java.util.Locale;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.Datasets;
import org.dsodenet.data.Split;
import org.dsodenet.odenet.eval.Evaluator;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.odenet.quant.ModelQuantizer;
import org.dsodenet.odenet.training.DomainTrainer;
import org.dsodenet.odenet.training.TrainOptions;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.types.Calibration;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.loss.SoftmaxCrossEntropy;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.dsodenet.quant.Folding;
import org.dsodenet.quant.NetworkQuantizer;
import org.dsodenet.quant.Precision;
import org.dsodenet.quant.Qat;
import org.dsodenet.quant.QatOptions;
import org.dsodenet.quant.QatResult;
import org.dsodenet.quant.Quantizer;
import org.dsodenet.train.Adam;
import org.dsodenet.train.Batches;
import org.dsodenet.train.LrSchedule;

/**
 * PTQ, float fine-tune + PTQ, and QAT fixed-point accuracy on the bundled MNIST subset (README "Quantization-aware
 * training"). Run from the repository root:
 * {@code bench/measure.sh QatMeasure [trainEpochs qatEpochs qatImages lr fqAct precisions...]}, for the README's
 * table {@code bench/measure.sh QatMeasure 10 3 2048 1e-3 true fx8 6,8,8 4,8,8}.
 */
public final class QatMeasure {
    private QatMeasure() {}

    public static void main(String[] a) {
        int trainEpochs = a.length > 0 ? Integer.parseInt(a[0]) : 2;
        int qatEpochs = a.length > 1 ? Integer.parseInt(a[1]) : 3;
        int qatImages = a.length > 2 ? Integer.parseInt(a[2]) : 2048;
        double lr = a.length > 3 ? Double.parseDouble(a[3]) : 1e-3;
        boolean fq = a.length > 4 ? Boolean.parseBoolean(a[4]) : true;
        String[] precs = a.length > 5 ? java.util.Arrays.copyOfRange(a, 5, a.length) : new String[] {"fx8", "6,8,8"};
        Split s = Datasets.load("mnist").split(0.8, 20221115L);
        Dataset train = s.train();
        Dataset test = s.test();
        ModelConfig cfg = ModelConfig.defaults(Arch.DSODENET);
        java.nio.file.Path cached = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "qat-measure-e" + trainEpochs + "-fbn1.model");
        long t0 = System.nanoTime();
        OdeNetModel model;
        if (java.nio.file.Files.exists(cached)) {
            model = ModelFile.load(cached).model();
        } else {
            model = OdeNetModel.create(cfg, 1);
            new DomainTrainer(model, TrainOptions.defaults().withEpochs(trainEpochs).withFreezeBnEpochs(1), null)
                    .fit(train, null, null, false, null, null, null);
            ModelFile.save(cached, model, null, new com.google.gson.JsonObject());
        }
        System.out.printf(Locale.ROOT, "float model: %d epochs on %d images, %.0f s, test acc %.4f%n", trainEpochs,
                train.size(), (System.nanoTime() - t0) / 1e9, Evaluator.floatModel(model, test).accuracy());
        Dataset calib = train.sample(256, 7);
        Dataset qatTrain = train.sample(qatImages, 11);
        Sequential folded = ModelQuantizer.fold(model);
        Calibration cal = NetworkQuantizer.calibrate(folded, calib);
        Dims in = new Dims(cfg.inChannels(), cfg.inputSize(), cfg.inputSize());
        Sequential ft = floatFineTune(folded, qatTrain, qatEpochs, lr, 1);
        Calibration ftCal = NetworkQuantizer.calibrate(ft, calib);
        System.out.println("| precision | PTQ test acc | float FT + PTQ test acc | QAT test acc | PTQ train loss | float FT + PTQ train loss | QAT train loss | QAT steps | guarded rows | QAT s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (String ps : precs) {
            Precision p = Precision.parse(ps);
            QNetwork ptq = Quantizer.quantize("m", folded, in, cal, p);
            QNetwork ftPtq = Quantizer.quantize("m", ft, in, ftCal, p);
            long t1 = System.nanoTime();
            QatResult r = Qat.fineTune(folded, ptq, qatTrain, new QatOptions(qatEpochs, 32, lr, 1, fq), null);
            double secs = (System.nanoTime() - t1) / 1e9;
            System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %d | %d | %.0f |%n", p.name(),
                    Evaluator.fixed(ptq, test).accuracy(), Evaluator.fixed(ftPtq, test).accuracy(),
                    Evaluator.fixed(r.net(), test).accuracy(), Qat.fixedLoss(ptq, qatTrain),
                    Qat.fixedLoss(ftPtq, qatTrain), Qat.fixedLoss(r.net(), qatTrain), r.losses().size(),
                    r.guardedRows(), secs);
        }
    }

    /** Baseline: the same optimizer, schedule, data and steps as QAT, but on the float folded network. */
    static Sequential floatFineTune(Sequential folded, Dataset d, int epochs, double lr, long seed) {
        Sequential m = Folding.copy(folded);
        Adam opt = new Adam(m.params(), lr);
        int bs = Math.min(32, d.size());
        int per = Batches.count(d.size(), bs, true);
        LrSchedule sch = LrSchedule.cosine(lr, lr * 0.01, 0, epochs);
        for (int e = 0; e < epochs; e++) {
            int[] order = Batches.order(seed, e, d.size());
            for (int it = 0; it < per; it++) {
                int[] idx = Batches.batch(order, it, bs);
                float[] x = new float[idx.length * d.imageSize()];
                int[] y = new int[idx.length];
                d.fill(idx, 0, idx.length, x, y);
                Tensor logits = m.forward(Tensor.wrap(Shape.nchw(idx.length, d.channels(), d.height(), d.width()), x), true);
                m.backward(SoftmaxCrossEntropy.hard(logits, y).gradLogits());
                opt.setLr(sch.lr(e, it, per));
                opt.step();
                opt.zeroGrad();
            }
        }
        return m;
    }
}
