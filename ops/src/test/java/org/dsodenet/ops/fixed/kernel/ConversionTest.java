package org.dsodenet.ops.fixed.kernel;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.Caster;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.fixedpoint.WideFx;
import org.dsodenet.ops.conv.ChannelFinish;
import org.dsodenet.ops.conv.NearestClamp;
import org.junit.jupiter.api.Test;

/**
 * The inline conversion (every quantization mode, branch-free rounding) gives the caster's raws and counts, and the
 * reference {@link WideFx#cast}'s raws, element by element and plane by plane: random source and destination types
 * of every mode (saturating, wrapping, AP_SAT_SYM, unsigned), on random raws and on the corners: the source's
 * minimum and maximum, zero, -1, and values at and next to the rounding boundaries (half an LSB, all dropped bits
 * set) of the destination's extremes and of random destination values.
 */
class ConversionTest {

    @Test
    void inlineConversionEqualsCaster() {
        long[] inlined = new long[1];
        qt().withExamples(scaled(3000)).forAll(longs().all()).checkAssert(seed -> check(seed, inlined));
        assertTrue(inlined[0] > 1000, inlined[0] + " inline pairs");
    }

    private static void check(long seed, long[] inlined) {
        SplittableRandom rnd = new SplittableRandom(seed);
        FixedType from = type(rnd, 1, 64);
        FixedType to = type(rnd, 1, rnd.nextInt(4) == 0 ? 64 : 20);
        if (!from.fitsLong() || !to.fitsLong()) {
            return;
        }
        Conversion c = new Conversion(from, to);
        Caster ref = Caster.of(from, to);
        int drop = from.fracBits() - to.fracBits();
        if (drop > -63 && drop < 63) {
            inlined[0]++;
        }
        int n = 64;
        long[] x = new long[n];
        for (int i = 0; i < n; i++) {
            x[i] = value(rnd, from, to, drop);
        }
        FixedStats got = new FixedStats();
        FixedStats want = new FixedStats();
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = c.apply(x[i], got);
            long r = ref.apply(x[i], want);
            assertEquals(r, y[i], () -> from + " -> " + to + " of " + java.util.Arrays.toString(x));
            assertEquals(WideFx.cast(Fx.toBig(x[i], from), from, to).longValue(), y[i]);
        }
        assertEquals(want, got, from + " -> " + to);
        // Planes: all in range (the vector pass) and mixed (the element-wise redo), same raws and counts.
        long[] yAll = new long[n + 3];
        FixedStats gotAll = new FixedStats();
        c.applyAll(x, n, yAll, 3, gotAll);
        assertArrayEquals(y, java.util.Arrays.copyOfRange(yAll, 3, n + 3));
        assertEquals(want, gotAll);
        int m = 1 + rnd.nextInt(n);
        long[] part = new long[m];
        FixedStats wantPart = new FixedStats();
        long[] yPart = new long[m];
        for (int i = 0; i < m; i++) {
            part[i] = rnd.nextBoolean() ? x[i] : near(rnd, to, drop, from, rnd.nextBoolean() ? to.minRaw() : to.maxRaw(), 1);
            yPart[i] = ref.apply(part[i], wantPart);
        }
        long[] yGot = new long[m];
        FixedStats gotPart = new FixedStats();
        c.applyAll(part, m, yGot, 0, gotPart);
        assertArrayEquals(yPart, yGot);
        assertEquals(wantPart, gotPart);
    }

    /**
     * The count-free plane conversion gives the caster's raws, out of place at an offset and in place, over the same
     * types and values (corners at the range ends, rounding boundaries, AP_SAT_SYM minimum, wrapping).
     */
    @Test
    void planeConversionEqualsCaster() {
        long[] vectorized = new long[1];
        qt().withExamples(scaled(3000)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            FixedType from = type(rnd, 1, 64);
            FixedType to = type(rnd, 1, rnd.nextInt(4) == 0 ? 64 : 20);
            if (!from.fitsLong() || !to.fitsLong()) {
                return;
            }
            int drop = from.fracBits() - to.fracBits();
            Caster ref = Caster.of(from, to);
            PlaneConversion c = new PlaneConversion(from, to);
            int n = 1 + rnd.nextInt(80);
            long[] x = new long[n + 2];
            long[] want = new long[n];
            for (int i = 0; i < n; i++) {
                x[i + 2] = value(rnd, from, to, drop);
                want[i] = ref.apply(x[i + 2]);
            }
            long[] y = new long[n + 5];
            c.apply(x, 2, n, y, 5);
            String msg = from + " -> " + to + " of " + java.util.Arrays.toString(x);
            assertArrayEquals(want, java.util.Arrays.copyOfRange(y, 5, n + 5), msg);
            c.apply(x, 2, n, x, 2);
            assertArrayEquals(want, java.util.Arrays.copyOfRange(x, 2, n + 2), msg + " in place");
            if (to.overflow() != OverflowMode.AP_WRAP_SM && to.width() <= 62 && from.width() <= 62) {
                vectorized[0]++;
            }
        });
        assertTrue(vectorized[0] > 1000, vectorized[0] + " pairs");
    }

    /**
     * The conversion of a layer's exact sums (floats or doubles holding integers, value {@code bias + s·2^shift})
     * gives the caster's raws: sources and destinations up to 24 and 53 bits (the float and double conversions) and
     * past them (the long fallback), sums at both ends of the source's range and random in between.
     */
    @Test
    void sumsConvertLikeCaster() {
        qt().withExamples(scaled(3000)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            FixedType from = type(rnd, 1, rnd.nextInt(3) == 0 ? 30 : rnd.nextBoolean() ? 24 : 53);
            FixedType to = type(rnd, 1, rnd.nextBoolean() ? 24 : 53);
            if (!from.fitsLong() || !to.fitsLong()) {
                return;
            }
            int shift = rnd.nextInt(4);
            long bias = clamp(from, rnd.nextLong(from.minRaw(), from.maxRaw() + 1) >> rnd.nextInt(8));
            long sLo = Math.floorDiv(from.minRaw() - bias + (1L << shift) - 1, 1L << shift);
            long sHi = Math.floorDiv(from.maxRaw() - bias, 1L << shift);
            if (sLo > sHi) {
                return;
            }
            int n = 1 + rnd.nextInt(40);
            double[] sums = new double[n];
            long[] want = new long[n];
            Caster ref = Caster.of(from, to);
            boolean floats = true;
            for (int i = 0; i < n; i++) {
                long si = i == 0 ? sLo : i == 1 ? sHi : rnd.nextLong(sLo, sHi + 1);
                sums[i] = si;
                floats &= Math.abs(si) <= 1 << 24;
                want[i] = ref.apply(bias + (si << shift));
            }
            PlaneConversion c = new PlaneConversion(from, to);
            String msg = from + " -> " + to + ", bias " + bias + ", shift " + shift + ", sums "
                    + java.util.Arrays.toString(sums);
            long[] y = new long[n + 1];
            c.fromSums(sums.clone(), n, bias, shift, y, 1);
            assertArrayEquals(want, java.util.Arrays.copyOfRange(y, 1, n + 1), msg + " (doubles)");
            if (floats) {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = (float) sums[i];
                }
                long[] yf = new long[n + 1];
                c.fromSums(f, n, bias, shift, yf, 1);
                assertArrayEquals(want, java.util.Arrays.copyOfRange(yf, 1, n + 1), msg + " (floats)");
            }
        });
    }

    /**
     * The one-loop conversion of a group's float sums with a per-value bias plane gives the floats of the
     * per-channel conversion, and the caster's raws: planes of 1 to 60 values, 1 to 9 channels, sums at both ends of
     * the source's range (so the clamp binds where the destination is narrower) and random in between.
     */
    @Test
    void biasPlaneConvertsLikeEachChannel() {
        int[] clamped = new int[1];
        qt().withExamples(scaled(2000)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            FixedType from = type(rnd, 1, 24);
            FixedType to = type(rnd, 1, 24);
            PlaneConversion c = new PlaneConversion(from, to);
            if (!c.onFloats()) {
                return;
            }
            int shift = rnd.nextInt(4);
            int plane = 1 + rnd.nextInt(60);
            int channels = 1 + rnd.nextInt(9);
            int n = plane * channels;
            long[] bias = new long[channels];
            float[] biases = new float[n];
            float[] sums = new float[n];
            long[] want = new long[n];
            Caster ref = Caster.of(from, to);
            for (int oc = 0; oc < channels; oc++) {
                bias[oc] = clamp(from, rnd.nextLong(from.minRaw(), from.maxRaw() + 1) >> rnd.nextInt(8));
                long sLo = Math.floorDiv(from.minRaw() - bias[oc] + (1L << shift) - 1, 1L << shift);
                long sHi = Math.floorDiv(from.maxRaw() - bias[oc], 1L << shift);
                for (int j = oc * plane; j < (oc + 1) * plane; j++) {
                    long si = sLo > sHi ? 0 : j % 7 == 0 ? sLo : j % 7 == 1 ? sHi : rnd.nextLong(sLo, sHi + 1);
                    sums[j] = si;
                    biases[j] = c.floatBias(bias[oc]);
                    want[j] = ref.apply(bias[oc] + (si << shift));
                    clamped[0] += want[j] == to.maxRaw() || want[j] == to.minRawKept(from.signed()) ? 1 : 0;
                }
            }
            float[] each = sums.clone();
            for (int oc = 0; oc < channels; oc++) {
                c.rawsInPlace(each, oc * plane, (oc + 1) * plane, bias[oc], shift, false);
            }
            c.rawsInPlace(sums, biases, n, shift);
            String msg = from + " -> " + to + ", shift " + shift + ", biases " + java.util.Arrays.toString(bias);
            for (int j = 0; j < n; j++) {
                assertEquals(Float.floatToRawIntBits(each[j]), Float.floatToRawIntBits(sums[j]), msg + " [" + j + "]");
                assertEquals(want[j], (long) sums[j], msg + " [" + j + "]");
            }
        });
        assertTrue(clamped[0] > 1000, clamped[0] + " values on a bound of the destination");
    }

    /**
     * The finish a depthwise layer on float planes runs in the float kernel's row ({@link PlaneConversion#finish}):
     * for every mode pair on floats, the very floats of {@link PlaneConversion#rawsInPlace(float[], float[], int, int)}
     * and the caster's raws, on positions {@code [from, to)} of a row with other values around them (left as they
     * are), sums at both ends of the source's range and next to the destination's bounds included. The
     * {@link NearestClamp} finishes also run inside the kernel's last taps, checked by DepthwisePlaneForwardTest.
     */
    @Test
    void channelFinishConvertsLikeTheBiasPlane() {
        int[] counts = new int[2];
        qt().withExamples(scaled(2000)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            FixedType from = type(rnd, 1, 24);
            FixedType to = type(rnd, 1, 24);
            PlaneConversion c = new PlaneConversion(from, to);
            if (!c.onFloats()) {
                return;
            }
            int shift = rnd.nextInt(4);
            int channels = 1 + rnd.nextInt(5);
            float[] floatBias = new float[channels];
            ChannelFinish finish = c.finish(floatBias, shift);
            counts[finish instanceof NearestClamp ? 0 : 1]++;
            for (int oc = 0; oc < channels; oc++) {
                long bias = clamp(from, rnd.nextLong(from.minRaw(), from.maxRaw() + 1) >> rnd.nextInt(8));
                floatBias[oc] = c.floatBias(bias);
                long sLo = Math.floorDiv(from.minRaw() - bias + (1L << shift) - 1, 1L << shift);
                long sHi = Math.floorDiv(from.maxRaw() - bias, 1L << shift);
                int n = 1 + rnd.nextInt(70);
                int at = rnd.nextInt(5);
                float[] row = new float[at + n + 3];
                float[] plane = new float[n];
                float[] biases = new float[n];
                long[] want = new long[n];
                for (int j = 0; j < row.length; j++) {
                    row[j] = -7.25f - j;
                }
                for (int j = 0; j < n; j++) {
                    long si = sLo > sHi ? 0 : j % 5 == 0 ? sLo : j % 5 == 1 ? sHi : j % 5 == 2
                            ? edge(rnd, from, to, bias, shift, sLo, sHi) : rnd.nextLong(sLo, sHi + 1);
                    row[at + j] = si;
                    plane[j] = si;
                    biases[j] = floatBias[oc];
                    want[j] = Caster.of(from, to).apply(bias + (si << shift));
                }
                float[] outside = row.clone();
                finish.apply(oc, row, at, at + n);
                c.rawsInPlace(plane, biases, n, shift);
                String msg = from + " -> " + to + ", shift " + shift + ", bias " + bias;
                for (int j = 0; j < row.length; j++) {
                    if (j < at || j >= at + n) {
                        assertEquals(Float.floatToRawIntBits(outside[j]), Float.floatToRawIntBits(row[j]), msg);
                        continue;
                    }
                    assertEquals(Float.floatToRawIntBits(plane[j - at]), Float.floatToRawIntBits(row[j]),
                            msg + " [" + j + "]");
                    assertEquals(want[j - at], (long) row[j], msg + " [" + j + "]");
                }
            }
        });
        assertTrue(counts[0] > 50 && counts[1] > 50, "NearestClamp / other finishes: " + counts[0] + " / " + counts[1]);
    }

    /**
     * A sum within [sLo, sHi] whose value {@code bias + s·2^shift} lies at or next to a rounding boundary beside one
     * of the destination's bounds ({@link #near}), or the sum nearest to that.
     */
    private static long edge(SplittableRandom rnd, FixedType from, FixedType to, long bias, int shift, long sLo,
                             long sHi) {
        long bound = rnd.nextBoolean() ? to.maxRaw() : to.minRaw();
        long v = near(rnd, to, from.fracBits() - to.fracBits(), from, bound, 1);
        long s = Math.floorDiv(v - bias, 1L << shift);
        return Math.max(sLo, Math.min(sHi, s));
    }

    private static FixedType type(SplittableRandom rnd, int minW, int maxW) {
        boolean signed = rnd.nextInt(4) != 0;
        int w = minW + rnd.nextInt(maxW - minW + 1);
        int i = rnd.nextInt(w + 9) - 4;
        QuantMode q = QuantMode.fromIndex(rnd.nextInt(7));
        OverflowMode o = OverflowMode.fromIndex(rnd.nextInt(signed ? 5 : 4));
        int n = o == OverflowMode.AP_WRAP || o == OverflowMode.AP_WRAP_SM ? rnd.nextInt(Math.min(w, 3) + 1) : 0;
        return new FixedType(signed, w, i, q, o, n);
    }

    /** A raw of {@code from}: random, a corner, or next to a rounding boundary of a destination value. */
    private static long value(SplittableRandom rnd, FixedType from, FixedType to, int drop) {
        switch (rnd.nextInt(6)) {
            case 0:
                return rnd.nextBoolean() ? from.minRaw() : from.maxRaw();
            case 1:
                return clamp(from, rnd.nextInt(3) - 1);
            case 2:
                return near(rnd, to, drop, from, rnd.nextBoolean() ? to.minRaw() : to.maxRaw(), 2);
            case 3:
                return near(rnd, to, drop, from, rnd.nextLong(to.minRaw(), to.maxRaw() == Long.MAX_VALUE
                        ? Long.MAX_VALUE : to.maxRaw() + 1), 1);
            default:
                return clamp(from, from.signed() ? rnd.nextLong() >> rnd.nextInt(64) : rnd.nextLong() >>> rnd.nextInt(1, 64));
        }
    }

    /** Destination value q ± spread, scaled to the source with a boundary offset (0, half-1, half, half+1, all ones). */
    private static long near(SplittableRandom rnd, FixedType to, int drop, FixedType from, long q, int spread) {
        long t = q + rnd.nextInt(2 * spread + 1) - spread;
        if (drop <= 0 || drop >= 62) {
            return clamp(from, drop < 0 && drop > -62 ? t >> -drop : t);
        }
        long half = 1L << (drop - 1);
        long[] offs = {0, half - 1, half, half + 1, (1L << drop) - 1};
        long base = t > (Long.MAX_VALUE >> drop) ? Long.MAX_VALUE : t < (Long.MIN_VALUE >> drop) ? Long.MIN_VALUE : t << drop;
        long off = offs[rnd.nextInt(offs.length)];
        long v = base > Long.MAX_VALUE - off ? base : base + off;
        return clamp(from, v);
    }

    private static long clamp(FixedType t, long v) {
        return Math.max(t.minRaw(), Math.min(t.maxRaw(), v));
    }
}
