package org.dsodenet.ops.norm;

/**
 * Double-precision sums over a stretch of a float array with four interleaved accumulators: independent adds keep
 * the FPU busy (a single accumulator waits for each add to finish), and the fixed interleaving keeps the result
 * the same on every run.
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

    /** Sum of {@code a[i] * b[i]} over the same stretch of both arrays. */
    static double dot(float[] a, float[] b, int off, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = off;
        int end = off + len;
        for (; i + 4 <= end; i += 4) {
            s0 += (double) a[i] * b[i];
            s1 += (double) a[i + 1] * b[i + 1];
            s2 += (double) a[i + 2] * b[i + 2];
            s3 += (double) a[i + 3] * b[i + 3];
        }
        for (; i < end; i++) {
            s0 += (double) a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
