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
}
