package org.dsodenet.ops.norm;

import java.util.List;
import org.dsodenet.ops.tensor.Shape;

/** Batch norm's training forward in double, written from the definition, for {@code ReferenceGradCheck}. */
final class BatchNormReference {
    private BatchNormReference() {}

    /** y = gamma (x - mean) / sqrt(var + eps) + beta per channel, with the batch's mean and biased variance. */
    static double[] training(Shape s, double eps, double[] x, List<double[]> params) {
        double[] gamma = params.get(0);
        double[] beta = params.get(1);
        int plane = s.h() * s.w();
        int m = s.n() * plane;
        double[] y = new double[x.length];
        for (int c = 0; c < s.c(); c++) {
            double mean = 0;
            for (int n = 0; n < s.n(); n++) {
                for (int i = 0; i < plane; i++) {
                    mean += x[(n * s.c() + c) * plane + i];
                }
            }
            mean /= m;
            double var = 0;
            for (int n = 0; n < s.n(); n++) {
                for (int i = 0; i < plane; i++) {
                    double d = x[(n * s.c() + c) * plane + i] - mean;
                    var += d * d;
                }
            }
            var /= m;
            double k = gamma[c] / Math.sqrt(var + eps);
            for (int n = 0; n < s.n(); n++) {
                for (int i = 0; i < plane; i++) {
                    int at = (n * s.c() + c) * plane + i;
                    y[at] = k * (x[at] - mean) + beta[c];
                }
            }
        }
        return y;
    }
}
