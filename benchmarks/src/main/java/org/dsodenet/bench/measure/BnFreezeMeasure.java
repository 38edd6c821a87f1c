package org.dsodenet.bench.measure;

import java.util.Locale;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.Datasets;
import org.dsodenet.data.Split;
import org.dsodenet.odenet.eval.Evaluator;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.odenet.training.DomainTrainer;
import org.dsodenet.odenet.training.Method;
import org.dsodenet.odenet.training.TrainOptions;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/**
 * Batch norm inside the ODE function: accuracy with batch statistics vs running statistics, with and without a last
 * epoch of frozen statistics (README "Batch norm inside the ODE function"). Run from the repository root:
 * {@code bench/measure.sh BnFreezeMeasure 1 2}.
 */
public final class BnFreezeMeasure {
    private BnFreezeMeasure() {}

    /** Accuracy when every batch norm normalises with the statistics of the evaluated batch (training behaviour). */
    static double batchStatisticsAccuracy(OdeNetModel m, Dataset d) {
        int per = d.imageSize();
        int ok = 0;
        for (int s = 0; s < d.size(); s += 250) {
            int n = Math.min(250, d.size() - s);
            float[] x = new float[n * per];
            for (int i = 0; i < n; i++) {
                d.copyImage(s + i, x, i * per);
            }
            Tensor y = m.head().forward(m.body().forward(Tensor.wrap(Shape.nchw(n, d.channels(), d.height(), d.width()), x), true), true);
            m.body().clearCache();
            m.head().clearCache();
            int k = y.data().length / n;
            for (int i = 0; i < n; i++) {
                int a = 0;
                for (int j = 1; j < k; j++) {
                    if (y.data()[i * k + j] > y.data()[i * k + a]) {
                        a = j;
                    }
                }
                ok += a == d.label(s + i) ? 1 : 0;
            }
        }
        return ok / (double) d.size();
    }

    public static void main(String[] args) {
        System.out.println("| seed | frozen epochs | running statistics (inference) | batch statistics (training behaviour) |");
        System.out.println("|---|---|---|---|");
        for (String a : args) {
            long seed = Long.parseLong(a);
            Split s = Datasets.load("mnist").split(0.8, 20221115L);
            Dataset train = s.train().sample(4000, seed);
            Dataset test = s.test().sample(1000, seed);
            for (int freeze : new int[] {0, 1}) {
                OdeNetModel m = OdeNetModel.create(ModelConfig.defaults(Arch.DSODENET), seed);
                new DomainTrainer(m, new TrainOptions(4, 32, "adam", 0.01, 1e-4, seed, Method.SOURCE_ONLY, 1.0, 4.0, 0.5,
                        freeze), null).fit(train, null, null, false, null, null, null);
                double inference = Evaluator.floatModel(m, test).accuracy();
                double batch = batchStatisticsAccuracy(m, test); // last: it moves the running statistics
                System.out.printf(Locale.ROOT, "| %d | %d | %.2f %% | %.2f %% |%n", seed, freeze, 100 * inference, 100 * batch);
            }
        }
    }
}
