// Weight-gradient inner-loop shapes on this JVM, for issue 11 (a float weight gradient is
// gW[o][t] = sum_p dY[o][p] * X_t[p]): thread CPU per product, interleaved in one JVM, minimum of 7 rounds.
//   rows3        the shape the kernels use (Rows.mulAcc3): one dY row, three X rows, three accumulator rows in memory
//   rows3 pad64  the same with the row length rounded up to a multiple of 64 (no scalar tail after the main loop)
//   chunk2x2     plain Java register blocking: 2x2 (o, t) over chunks of 16 positions into float[16] accumulators
//   vector4x4    the Vector API: 4x4 (o, t) with sixteen FloatVector accumulators kept in registers, reduced at the end
//                (over the rows padded with zeros to a multiple of 64; checked against a double sum first)
//   foldSum      the kernels' end-of-call reduction of one accumulator row (Rows.foldSum, same code): ns per row,
//                paid once per weight (a 64@7x7 pointwise weight has 6 groups x 294 = 1764 products before it)
// Rates count useful products only (len per row pair), 2 FLOPs each.
// Not part of the build (the Vector API is an incubator module in JDK 17). Run from the repository root:
//   java --add-modules jdk.incubator.vector bench/WgradLoops.java [ROW_LENGTH...]      (default 294 392 784)
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

public final class WgradLoops {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    static float sink;

    interface Shape {
        /** Runs the shape once over rows of length len; returns the number of products computed. */
        long run(int len);
    }

    static void mulAcc3(float[] d, float[] x0, float[] x1, float[] x2, float[] a0, float[] a1, float[] a2, int len) {
        for (int q = 0; q < len; q++) {
            float v = d[q];
            a0[q] += v * x0[q];
            a1[q] += v * x1[q];
            a2[q] += v * x2[q];
        }
    }

    static void chunk2x2(float[] d0, float[] d1, float[] x0, float[] x1, float[] a00, float[] a01, float[] a10,
                         float[] a11, int len) {
        for (int p = 0; p + 16 <= len; p += 16) {
            for (int q = 0; q < 16; q++) {
                float u = d0[p + q];
                float v = d1[p + q];
                float y0 = x0[p + q];
                float y1 = x1[p + q];
                a00[q] += u * y0;
                a01[q] += u * y1;
                a10[q] += v * y0;
                a11[q] += v * y1;
            }
        }
    }

    /** out[o*4 + t] = sum over p < len (len a multiple of the vector length) of d[o][p] * x[t][p]. */
    static void vector4x4(float[][] d, float[][] x, float[] out, int len) {
        FloatVector z = FloatVector.zero(S);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a10 = z, a11 = z, a12 = z, a13 = z;
        FloatVector a20 = z, a21 = z, a22 = z, a23 = z, a30 = z, a31 = z, a32 = z, a33 = z;
        float[] x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3], d0 = d[0], d1 = d[1], d2 = d[2], d3 = d[3];
        for (int p = 0; p < len; p += S.length()) {
            FloatVector y0 = FloatVector.fromArray(S, x0, p);
            FloatVector y1 = FloatVector.fromArray(S, x1, p);
            FloatVector y2 = FloatVector.fromArray(S, x2, p);
            FloatVector y3 = FloatVector.fromArray(S, x3, p);
            FloatVector u = FloatVector.fromArray(S, d0, p);
            a00 = a00.add(u.mul(y0));
            a01 = a01.add(u.mul(y1));
            a02 = a02.add(u.mul(y2));
            a03 = a03.add(u.mul(y3));
            u = FloatVector.fromArray(S, d1, p);
            a10 = a10.add(u.mul(y0));
            a11 = a11.add(u.mul(y1));
            a12 = a12.add(u.mul(y2));
            a13 = a13.add(u.mul(y3));
            u = FloatVector.fromArray(S, d2, p);
            a20 = a20.add(u.mul(y0));
            a21 = a21.add(u.mul(y1));
            a22 = a22.add(u.mul(y2));
            a23 = a23.add(u.mul(y3));
            u = FloatVector.fromArray(S, d3, p);
            a30 = a30.add(u.mul(y0));
            a31 = a31.add(u.mul(y1));
            a32 = a32.add(u.mul(y2));
            a33 = a33.add(u.mul(y3));
        }
        store(out, 0, a00, a01, a02, a03);
        store(out, 4, a10, a11, a12, a13);
        store(out, 8, a20, a21, a22, a23);
        store(out, 12, a30, a31, a32, a33);
    }

    static void store(float[] out, int at, FloatVector a, FloatVector b, FloatVector c, FloatVector e) {
        out[at] = a.reduceLanes(VectorOperators.ADD);
        out[at + 1] = b.reduceLanes(VectorOperators.ADD);
        out[at + 2] = c.reduceLanes(VectorOperators.ADD);
        out[at + 3] = e.reduceLanes(VectorOperators.ADD);
    }

    public static void main(String[] args) {
        int[] lens = args.length == 0 ? new int[] {294, 392, 784} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        for (int len : lens) {
            measure(len);
        }
    }

    static void measure(int len) {
        int padded = (len + 63) / 64 * 64;
        Random rnd = new Random(len);
        float[][] r = new float[8][padded];
        for (float[] row : r) {
            for (int i = 0; i < len; i++) {
                row[i] = rnd.nextFloat() * 2f - 1f;
            }
        }
        float[][] acc = new float[4][padded];
        float[] out = new float[16];
        float[][] d = {r[0], r[1], r[2], r[3]};
        float[][] x = {r[4], r[5], r[6], r[7]};
        checkVector(d, x, out, padded);
        String[] names = {"rows3", "rows3 pad64", "chunk2x2", "vector4x4"};
        Shape[] shapes = {
            n -> {
                mulAcc3(r[0], r[4], r[5], r[6], acc[0], acc[1], acc[2], n);
                return 3L * n;
            },
            n -> {
                mulAcc3(r[0], r[4], r[5], r[6], acc[0], acc[1], acc[2], padded);
                return 3L * n;
            },
            n -> {
                chunk2x2(r[0], r[1], r[4], r[5], acc[0], acc[1], acc[2], acc[3], n);
                return 4L * (n / 16 * 16);
            },
            n -> {
                vector4x4(d, x, out, padded);
                sink += out[5];
                return 16L * n;
            },
        };
        double[] best = new double[shapes.length];
        Arrays.fill(best, Double.MAX_VALUE);
        for (int round = 0; round < 8; round++) {
            for (int s = 0; s < shapes.length; s++) {
                long products = 0;
                long t0 = MX.getCurrentThreadCpuTime();
                long t;
                do {
                    for (int i = 0; i < 1000; i++) {
                        products += shapes[s].run(len);
                    }
                    t = MX.getCurrentThreadCpuTime() - t0;
                } while (t < 200_000_000L);
                for (float[] a : acc) {
                    Arrays.fill(a, 0f);
                }
                if (round > 0) { // round 0 warms up
                    best[s] = Math.min(best[s], (double) t / products);
                }
            }
        }
        double fold = Double.MAX_VALUE;
        float[] tmp = new float[padded];
        for (int round = 0; round < 8; round++) {
            long n = 0;
            long t0 = MX.getCurrentThreadCpuTime();
            long t;
            do {
                for (int i = 0; i < 1000; i++) {
                    sink += foldSum(r[i & 7], tmp, len);
                }
                n += 1000;
                t = MX.getCurrentThreadCpuTime() - t0;
            } while (t < 200_000_000L);
            if (round > 0) {
                fold = Math.min(fold, (double) t / n);
            }
        }
        System.out.printf(Locale.ROOT, "len %4d  %-12s %.1f ns/row%n", len, "foldSum", fold);
        for (int s = 0; s < shapes.length; s++) {
            System.out.printf(Locale.ROOT, "len %4d  %-12s %.4f ns/product  %5.1f GFLOP/s%n", len, names[s], best[s],
                    2 / best[s]);
        }
    }

    static float foldSum(float[] a, float[] tmp, int len) {
        int n = len;
        while (n > 64) {
            int half = (n + 1) / 2;
            int rest = n - half;
            System.arraycopy(a, half, tmp, 0, rest);
            for (int q = 0; q < rest; q++) {
                a[q] += tmp[q];
            }
            n = half;
        }
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
        int q = 0;
        for (; q + 8 <= n; q += 8) {
            s0 += a[q];
            s1 += a[q + 1];
            s2 += a[q + 2];
            s3 += a[q + 3];
            s4 += a[q + 4];
            s5 += a[q + 5];
            s6 += a[q + 6];
            s7 += a[q + 7];
        }
        for (; q < n; q++) {
            s0 += a[q];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** The vector kernel against a plain double sum, within a tolerance scaled to the sum of |products|. */
    static void checkVector(float[][] d, float[][] x, float[] out, int len) {
        vector4x4(d, x, out, len);
        for (int o = 0; o < 4; o++) {
            for (int t = 0; t < 4; t++) {
                double ref = 0;
                double mag = 0;
                for (int p = 0; p < len; p++) {
                    ref += (double) d[o][p] * x[t][p];
                    mag += Math.abs((double) d[o][p] * x[t][p]);
                }
                if (Math.abs(out[o * 4 + t] - ref) > 1e-5 * mag + 1e-6) {
                    throw new AssertionError("vector4x4 [" + o + "][" + t + "] " + out[o * 4 + t] + " vs " + ref);
                }
            }
        }
    }
}
