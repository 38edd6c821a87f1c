package org.dsodenet.ops.norm;

/**
 * Double-precision sums over a stretch of a float array with four interleaved accumulators: independent adds keep
 * the FPU busy (a single accumulator waits for each add to finish), and the fixed interleaving keeps the result
 * the same on every run.
 *
 * <p>Four chains still wait on the add latency, so the paired forms ({@link #sum2}, {@link #squaredDeviations2}) run
 * two of these sums in one loop: eight chains, each doing exactly the operations of its
 * single form in the same order, so every result is bit-identical to the single form's.
 */
final class Sums {
    private Sums() {}

    static double sum(float[] a, int off, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 4 <= len; i += 4) {
            s0 += a[off + i];
            s1 += a[off + i + 1];
            s2 += a[off + i + 2];
            s3 += a[off + i + 3];
        }
        for (; i < len; i++) {
            s0 += a[off + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Sum of {@code (a[i] - mean)²}. */
    static double squaredDeviations(float[] a, int off, int len, double mean) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 4 <= len; i += 4) {
            double d0 = a[off + i] - mean;
            double d1 = a[off + i + 1] - mean;
            double d2 = a[off + i + 2] - mean;
            double d3 = a[off + i + 3] - mean;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < len; i++) {
            double d = a[off + i] - mean;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code out[0] = sum(a, offA, len)}, {@code out[1] = sum(a, offB, len)}, in one loop. */
    static void sum2(float[] a, int offA, int offB, int len, double[] out) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double t0 = 0;
        double t1 = 0;
        double t2 = 0;
        double t3 = 0;
        int i = 0;
        for (; i + 4 <= len; i += 4) {
            s0 += a[offA + i];
            s1 += a[offA + i + 1];
            s2 += a[offA + i + 2];
            s3 += a[offA + i + 3];
            t0 += a[offB + i];
            t1 += a[offB + i + 1];
            t2 += a[offB + i + 2];
            t3 += a[offB + i + 3];
        }
        for (; i < len; i++) {
            s0 += a[offA + i];
            t0 += a[offB + i];
        }
        out[0] = (s0 + s1) + (s2 + s3);
        out[1] = (t0 + t1) + (t2 + t3);
    }

    /** {@code squaredDeviations} of the stretches at {@code offA} and {@code offB}, in one loop. */
    static void squaredDeviations2(float[] a, int offA, int offB, int len, double mean, double[] out) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double t0 = 0;
        double t1 = 0;
        double t2 = 0;
        double t3 = 0;
        int i = 0;
        for (; i + 4 <= len; i += 4) {
            double d0 = a[offA + i] - mean;
            double d1 = a[offA + i + 1] - mean;
            double d2 = a[offA + i + 2] - mean;
            double d3 = a[offA + i + 3] - mean;
            double e0 = a[offB + i] - mean;
            double e1 = a[offB + i + 1] - mean;
            double e2 = a[offB + i + 2] - mean;
            double e3 = a[offB + i + 3] - mean;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
            t0 += e0 * e0;
            t1 += e1 * e1;
            t2 += e2 * e2;
            t3 += e3 * e3;
        }
        for (; i < len; i++) {
            double d = a[offA + i] - mean;
            double e = a[offB + i] - mean;
            s0 += d * d;
            t0 += e * e;
        }
        out[0] = (s0 + s1) + (s2 + s3);
        out[1] = (t0 + t1) + (t2 + t3);
    }
}
