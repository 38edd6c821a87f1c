package org.dsodenet.train;

import java.util.List;
import org.dsodenet.ops.layer.Param;

/**
 * Checks and clipping on accumulated parameter gradients, applied between backward and {@link Optimizer#step()}.
 * Sums run in double in parameter order then element order, so results do not depend on threads.
 */
public final class Gradients {
    private Gradients() {}

    /** The L2 norm of all gradients taken together. */
    public static double globalNorm(List<Param> params) {
        double sum = 0;
        for (Param p : params) {
            float[] g = p.grad();
            for (float v : g) {
                sum += (double) v * v;
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * Scales all gradients by {@code maxNorm / norm} when their global norm exceeds {@code maxNorm}; returns the
     * norm before clipping (NaN or infinite when a gradient is, in which case nothing is scaled).
     */
    public static double clipGlobalNorm(List<Param> params, double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("maximum gradient norm must be positive and finite, got " + maxNorm);
        }
        double norm = globalNorm(params);
        if (Double.isFinite(norm) && norm > maxNorm) {
            float scale = (float) (maxNorm / norm);
            for (Param p : params) {
                float[] g = p.grad();
                for (int j = 0; j < g.length; j++) {
                    g[j] *= scale;
                }
            }
        }
        return norm;
    }

    /** The name of the first parameter with a NaN or infinite gradient, or null when all are finite. */
    public static String firstNonFinite(List<Param> params) {
        for (Param p : params) {
            for (float v : p.grad()) {
                if (!Float.isFinite(v)) {
                    return p.name();
                }
            }
        }
        return null;
    }
}
