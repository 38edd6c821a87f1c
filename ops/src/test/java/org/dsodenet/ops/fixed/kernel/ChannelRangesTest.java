package org.dsodenet.ops.fixed.kernel;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.junit.jupiter.api.Test;

/**
 * Recorded ranges ({@link ChannelRanges}): an int layer given its input's recorded range gives the raws the scan
 * gives, skips the scan only where the scan would have put every channel on plain ints, and records an output range
 * that holds every output raw; the conversions' range ends ({@link IntSumRounding#lowest}, {@code highest}) bound
 * every converted raw; a sum bound's end saturates exactly at {@link Bound#CAP}.
 */
class ChannelRangesTest {
    private static final FixedType IN = new FixedType(true, 16, 6, QuantMode.AP_RND, OverflowMode.AP_SAT, 0);

    /**
     * Random 16-bit dense 3×3, depthwise and pointwise layers (stride 1 and 2) on groups of 1–12 samples whose raws
     * are small, large or the type's extremes: run once scanning (no range), once given the inputs' exact range
     * widened by a random slack per end (none, a little, or up to the type's ends), and once given the exact range
     * itself. The exact long path's raws each time; the same routes per channel whenever a scan ran; no scan only when the scan put
     * every channel on plain ints; every output raw (and 0) inside the recorded output range; after a scan, the input's
     * range is the scan's exact one.
     */
    @Test
    void recordedRangesGiveTheScansRawsAndRoutes() {
        long[] seen = new long[4]; // runs without a scan; runs that scanned given a range; routes off plain ints; runs
        qt().withExamples(scaled(400)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            Layer l = Layer.draw(rnd);
            int images = 1 + rnd.nextInt(12);
            int inSize = l.d.size();
            int[] x = new int[images * inSize];
            int xBits = 1 + rnd.nextInt(16);
            int extremes = rnd.nextInt(4) == 0 ? 40 : 1 << 30; // in a quarter of the groups, the type's ends
            for (int j = 0; j < x.length; j++) {
                int kind = rnd.nextInt(extremes);
                x[j] = (int) (kind == 0 ? IN.minRaw() : kind == 1 ? IN.maxRaw()
                        : rnd.nextLong(-(1L << (xBits - 1)), 1L << (xBits - 1)));
            }
            String msg = "seed " + seed + ", " + l;
            IntGroupBuffers buf = new IntGroupBuffers();
            int outSize = l.kernel.outDims().size();
            int cout = l.kernel.channels();
            int[] want = new int[images * outSize];
            ChannelRanges scanned = new ChannelRanges();
            ChannelRanges wantOut = new ChannelRanges();
            boolean ran = l.ints.run(x, images, want, buf, scanned, wantOut);
            if (!ran) {
                return; // the exact path's: no int raws to compare
            }
            seen[3]++;
            checkExact(l.kernel, x, images, inSize, want, msg);
            boolean[] routes = Arrays.copyOf(buf.flags(cout), cout);
            int[] parts = Arrays.copyOf(buf.parts(cout), cout);
            boolean plain = true;
            for (boolean r : routes) {
                plain &= r;
            }
            seen[2] += plain ? 0 : 1;
            checkHolds(want, images, cout, wantOut, msg + ", scanned");
            long[][] exact = exactRange(x, images, l.d);
            // the type alone keeps every channel on plain ints: no scan ran, none is needed
            boolean typeAlone = !scanned.known(l.d.c());
            assertTrue(!typeAlone || plain, msg + ": no scan, and a channel off plain ints");
            for (int c = 0; !typeAlone && c < l.d.c(); c++) {
                assertEquals(exact[0][c], scanned.hi(c), msg + ": the scan's largest raw of channel " + c);
                assertEquals(exact[1][c], scanned.lo(c), msg + ": the scan's smallest raw of channel " + c);
            }
            for (int slack = 0; slack < 2; slack++) {
                ChannelRanges in = new ChannelRanges();
                in.resize(l.d.c());
                for (int c = 0; c < l.d.c(); c++) {
                    in.set(c, slack == 0 ? exact[1][c] : widen(rnd, exact[1][c], IN.minRaw(), -1),
                            slack == 0 ? exact[0][c] : widen(rnd, exact[0][c], IN.maxRaw(), 1));
                }
                ChannelRanges out = new ChannelRanges();
                int[] got = new int[images * outSize];
                long recorded = buf.recorded();
                assertTrue(l.ints.run(x, images, got, buf, in, out), msg + ": ran on ints given a range");
                assertArrayEquals(want, got, msg + ", slack " + slack + ": the scan's raws");
                checkHolds(got, images, cout, out, msg + ", slack " + slack);
                if (typeAlone) {
                    assertEquals(recorded, buf.recorded(), msg + ": the type alone decided");
                } else if (buf.recorded() > recorded) {
                    seen[0]++;
                    assertTrue(plain, msg + ": no scan, where the scan put a channel off plain ints");
                } else {
                    seen[1]++;
                    assertArrayEquals(routes, Arrays.copyOf(buf.flags(cout), cout), msg + ": routes");
                    assertArrayEquals(parts, Arrays.copyOf(buf.parts(cout), cout), msg + ": partial splits");
                    for (int c = 0; c < l.d.c(); c++) {
                        assertEquals(exact[0][c], in.hi(c), msg + ": the scan's range recorded for channel " + c);
                        assertEquals(exact[1][c], in.lo(c), msg + ": the scan's range recorded for channel " + c);
                    }
                }
            }
        });
        assertTrue(seen[0] > 100 && seen[1] > 80 && seen[2] > 25 && seen[3] > 300, Arrays.toString(seen)
                + ": runs without a scan; runs that scanned given a range; runs off plain ints; runs on ints");
    }

    /**
     * The recorded range's decision at the int bound, on a pointwise layer 2 -> 1 with weights -2^14 and 2^14 - 1 and
     * 18-bit inputs (the type alone does not keep the sum within an int): channel 0's raws -2^16 and channel 1's 0,
     * recorded exactly, put the upper end {@code K + 2^14·2^16} at 2^31 - 1 with K = 2^30 - 1 (no scan, plain ints,
     * and the sum 2^31 - 1 itself comes out) and at 2^31 with K = 2^30 (the scan runs, and the channel leaves plain
     * ints); the lower end likewise with channel 1's raws -2^16. The raws are the exact long path's, and the recorded
     * output range holds them.
     */
    @Test
    void recordedRangeDecidesExactlyAtTheIntBound() {
        long x = -(1L << 16);
        long upper = (1L << 30) - 1;
        checkEdge(upper, x, 0, true);
        checkEdge(upper + 1, x, 0, false);
        long lower = -(1L << 30) - (1L << 16) + 1;
        checkEdge(lower, 0, x, true);
        checkEdge(lower - 1, 0, x, false);
    }

    private static void checkEdge(long b, long x0, long x1, boolean recorded) {
        FixedType in = FixedType.signed(18, 18);
        FixedType out = new FixedType(true, 18, 18 + 15, QuantMode.AP_RND_CONV, OverflowMode.AP_SAT, 0);
        AccTypes types = new AccTypes(FixedType.signed(16, 16), FixedType.signed(32, 32), FixedType.signed(60, 60),
                out);
        Dims d = new Dims(2, 3, 3);
        QPointwiseConv2d l = new QPointwiseConv2d("pw", 2, 1, new long[] {-(1L << 14), (1L << 14) - 1},
                new long[] {b}, types);
        ConvKernel conv = (ConvKernel) LayerKernel.plan(l, d, in);
        IntBatchConv ints = IntBatchConv.of(conv);
        String msg = "bias " + b + ", raws " + x0 + " and " + x1;
        assertTrue(ints != null, msg + ": on the int path");
        int images = 3;
        int[] xs = new int[images * d.size()];
        for (int i = 0; i < images; i++) {
            Arrays.fill(xs, i * d.size(), i * d.size() + 9, (int) x0);
            Arrays.fill(xs, i * d.size() + 9, (i + 1) * d.size(), (int) x1);
        }
        ChannelRanges range = new ChannelRanges();
        range.resize(2);
        range.set(0, x0, x0);
        range.set(1, x1, x1);
        ChannelRanges outRange = new ChannelRanges();
        IntGroupBuffers buf = new IntGroupBuffers();
        int[] y = new int[images * 9];
        assertTrue(ints.run(xs, images, y, buf, range, outRange), msg + ": ran on ints");
        assertEquals(recorded ? 1 : 0, buf.recorded(), msg + ": decided by the recorded range");
        assertEquals(recorded, buf.flags(1)[0], msg + ": on plain ints");
        checkHolds(y, images, 1, outRange, msg);
        for (int i = 0; i < images; i++) {
            long[] xl = new long[d.size()];
            for (int j = 0; j < xl.length; j++) {
                xl[j] = xs[i * d.size() + j];
            }
            long[] want = new long[9];
            conv.valuesFast(xl, want);
            for (int j = 0; j < want.length; j++) {
                assertEquals(want[j], y[i * 9 + j], msg + ", sample " + i + " [" + j + "]");
            }
        }
    }

    /** y's raws are the exact long path's ({@link LayerKernel#valuesFast}), sample by sample. */
    private static void checkExact(ConvKernel conv, int[] x, int images, int inSize, int[] y, String msg) {
        int outSize = conv.outDims().size();
        long[] xl = new long[inSize];
        long[] want = new long[outSize];
        for (int i = 0; i < images; i++) {
            for (int j = 0; j < inSize; j++) {
                xl[j] = x[i * inSize + j];
            }
            conv.valuesFast(xl, want);
            for (int j = 0; j < outSize; j++) {
                assertEquals(want[j], y[i * outSize + j], msg + ", sample " + i + " [" + j + "]: the exact raw");
            }
        }
    }

    /** Every raw of each channel of y (NCHW) inside that channel's recorded range, which holds 0 too. */
    private static void checkHolds(int[] y, int images, int cout, ChannelRanges r, String msg) {
        assertTrue(r.known(cout), msg + ": an output range is recorded");
        int plane = y.length / images / cout;
        for (int c = 0; c < cout; c++) {
            assertTrue(r.lo(c) <= 0 && r.hi(c) >= 0, msg + ": channel " + c + "'s range holds 0");
            for (int i = 0; i < images; i++) {
                for (int p = 0; p < plane; p++) {
                    int v = y[(i * cout + c) * plane + p];
                    assertTrue(v >= r.lo(c) && v <= r.hi(c), msg + ": channel " + c + ", sample " + i + ": " + v
                            + " outside [" + r.lo(c) + ", " + r.hi(c) + "]");
                }
            }
        }
    }

    /** Per channel of x (NCHW), its largest and smallest raw over the group, 0 among them. */
    private static long[][] exactRange(int[] x, int images, Dims d) {
        long[][] r = new long[2][d.c()];
        int plane = d.h() * d.w();
        for (int i = 0; i < images; i++) {
            for (int c = 0; c < d.c(); c++) {
                for (int p = 0; p < plane; p++) {
                    int v = x[(i * d.c() + c) * plane + p];
                    r[0][c] = Math.max(r[0][c], v);
                    r[1][c] = Math.min(r[1][c], v);
                }
            }
        }
        return r;
    }

    /** An end moved outward by nothing, by a little or up to the type's end (limit), in direction sign. */
    private static long widen(SplittableRandom rnd, long end, long limit, int sign) {
        long room = Math.abs(limit - end);
        int kind = rnd.nextInt(3);
        long by = kind == 0 || room == 0 ? 0 : kind == 1 ? rnd.nextLong(Math.min(room, 64) + 1) : rnd.nextLong(room + 1);
        return end + sign * by;
    }

    /** A random 16-bit layer on the int path. */
    private record Layer(Dims d, ConvKernel kernel, IntBatchConv ints, String text) {
        static Layer draw(SplittableRandom rnd) {
            while (true) {
                int cin = 1 + rnd.nextInt(4);
                Dims d = new Dims(cin, 1 + rnd.nextInt(9), 1 + rnd.nextInt(9));
                int kind = rnd.nextInt(3);
                int k = kind == 2 ? 1 : rnd.nextInt(4) == 0 ? 5 : 3;
                int stride = kind != 2 && rnd.nextInt(3) == 0 ? 2 : 1;
                int pad = rnd.nextInt((k + 1) / 2 + 1);
                if ((d.h() + 2 * pad - k) < 0 || (d.w() + 2 * pad - k) < 0) {
                    continue;
                }
                int cout = kind == 1 ? cin : 1 + rnd.nextInt(4);
                int per = kind == 1 ? k * k : cin * k * k;
                int wBits = 12 + rnd.nextInt(5);
                // products and sums have 24 fractional bits; outputs of 16 - (drop - 8) drop 0 to 24 of them
                int drop = rnd.nextInt(25);
                FixedType out = new FixedType(true, 16, drop - 8, QuantMode.values()[rnd.nextInt(3)],
                        OverflowMode.AP_SAT, 0);
                AccTypes types = new AccTypes(FixedType.signed(16, 2), FixedType.signed(16, 6),
                        FixedType.signed(48, 24), out);
                long[] w = new long[cout * per];
                for (int i = 0; i < w.length; i++) {
                    w[i] = rnd.nextInt(6) == 0 ? -(1L << (wBits - 1))
                            : rnd.nextLong(-(1L << (wBits - 1)), 1L << (wBits - 1));
                }
                long[] b = new long[cout];
                for (int i = 0; i < b.length; i++) {
                    b[i] = rnd.nextLong(-(1L << 15), 1L << 15);
                }
                QMac l = kind == 0 ? new QConv2d("conv", cin, cout, k, stride, pad, w, b, types)
                        : kind == 1 ? new QDepthwiseConv2d("dw", cin, k, stride, pad, w, b, types)
                        : new QPointwiseConv2d("pw", cin, cout, w, b, types);
                LayerKernel lk = LayerKernel.plan(l, d, IN);
                if (!(lk instanceof ConvKernel conv)) {
                    continue;
                }
                IntBatchConv ints = IntBatchConv.of(conv);
                if (ints != null) {
                    return new Layer(d, conv, ints, l.name() + " k" + k + " s" + stride + " p" + pad + " " + d
                            + " -> " + cout + ", out " + out);
                }
            }
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * The conversion's range ends: for random conversions (sums with a bias and alignment, or planes, ReLU's among
     * them; dropping up to 30 bits or adding up to 29) and sum ranges [zLo, zHi] (within an int, at ±2^61 and past
     * the clamp), every z of the range the conversion takes ({@link IntSumRounding#zLimit}) converts into
     * {@code [lowest(zLo), highest(zHi)]}: both ends, and random sums between; and where
     * {@link IntSumRounding#unclamped} says so, leaving the clamp out changes none of those raws.
     */
    @Test
    void conversionEndsBoundEveryConvertedRaw() {
        int[] seen = new int[4]; // conversions; sums converted; conversions left unclamped; sums clamped at one end only
        qt().withExamples(scaled(2000)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            IntSumRounding r = drawRounding(rnd);
            if (r == null) {
                return;
            }
            seen[0]++;
            long lim = r.zLimit();
            long zLo = rnd.nextInt(6) == 0 ? -Bound.CAP : rnd.nextLong(-lim, lim + 1);
            long zHi = rnd.nextInt(6) == 0 ? Bound.CAP : rnd.nextLong(Math.max(zLo, -lim), lim + 1);
            if (rnd.nextInt(3) == 0) { // ends at the clamp's edges: the last sums kept at its bounds, and one past
                int e = r.dropped();
                long top = e >= 0 ? ((long) r.clampHi() << e) + (1L << e) - 1 : (long) r.clampHi() >> -e;
                long bottom = e >= 0 ? (long) r.clampLo() << e : -(-(long) r.clampLo() >> -e);
                long below = e >= 0 ? bottom - (1L << e) : bottom - 1;
                zHi = Math.max(-lim, Math.min(lim, top - rnd.nextInt(2)));
                zLo = Math.max(-lim, Math.min(zHi, rnd.nextBoolean() ? bottom : below));
            }
            long lowest = r.lowest(zLo);
            long highest = r.highest(zHi);
            String msg = "seed " + seed + ": z in [" + zLo + ", " + zHi + "] -> [" + lowest + ", " + highest + "]";
            long from = Math.max(zLo, -lim);
            long to = Math.min(zHi, lim);
            boolean unclamped = r.unclamped(zLo, zHi);
            seen[2] += unclamped ? 1 : 0;
            for (int i = 0; i < 40 && from <= to; i++) {
                long z = i == 0 ? from : i == 1 ? to : rnd.nextLong(from, to + 1);
                int[] v = {(int) z};
                r.apply(v, 1, 0);
                seen[1]++;
                assertTrue(v[0] >= lowest && v[0] <= highest, msg + ": z " + z + " converts to " + v[0]);
                if (unclamped) { // then the clamp changes no raw
                    int[] u = {(int) z};
                    r.apply(u, 0, 1, 0, false);
                    assertEquals(v[0], u[0], msg + ": z " + z + " without the clamp");
                }
                boolean below = r.clampsBelow(zLo);
                boolean above = r.clampsAbove(zHi);
                if (!below || !above) { // an end no sum of the range reaches changes no raw when left out
                    int[] u = {(int) z};
                    r.apply(u, 0, 1, 0, below, above);
                    assertEquals(v[0], u[0], msg + ": z " + z + " clamped below " + below + ", above " + above);
                    seen[3] += below != above ? 1 : 0;
                }
            }
        });
        assertTrue(seen[0] > 500 && seen[1] > 15_000 && seen[2] > 100 && seen[3] > 1000,
                Arrays.toString(seen) + ": conversions; sums converted; conversions the clamp cannot act on; sums "
                        + "converted with one end of the clamp only");
    }

    /**
     * The Euler entry and update on ints given the recorded ranges of z and f (exact, widened by a random slack, or
     * unknown): the raws {@link EulerKernel#enterFast} and {@link EulerKernel#updateFast} give on longs, though each
     * end of the clamp is left out where the ranges say no channel reaches it, and every raw inside the range
     * recorded for z. A quarter of the groups put one sum at the last sums kept at either clamp bound, or one past,
     * with the exact ranges, so an end left out one sum too early changes a raw.
     */
    @Test
    void eulerOnRecordedRangesGivesTheLongPathsRaws() {
        long[] seen = new long[4]; // updates; updates clamped at one end only; at none; sums put at a clamp's edge
        qt().withExamples(scaled(1500)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int sw = 6 + rnd.nextInt(11);
            FixedType state = new FixedType(true, sw, 1 + rnd.nextInt(sw - 1), QuantMode.values()[rnd.nextInt(3)],
                    OverflowMode.AP_SAT, 0);
            FixedType fType = new FixedType(rnd.nextBoolean(), 16, 1 + rnd.nextInt(8), QuantMode.AP_RND,
                    OverflowMode.AP_SAT, 0);
            FixedType hType = FixedType.unsigned(1 + rnd.nextInt(4), rnd.nextInt(-3, 1));
            long hRaw = 1 + rnd.nextLong(hType.maxRaw());
            org.dsodenet.ops.fixed.model.QOdeBlock block = new org.dsodenet.ops.fixed.model.QOdeBlock("ode",
                    java.util.List.of(new org.dsodenet.ops.fixed.model.QRelu("f", fType)), 1, hType, hRaw, state,
                    false);
            EulerKernel ek = new EulerKernel(block, IN, fType);
            IntEuler ie = ek.ints();
            if (ie == null) {
                return;
            }
            int c = 1 + rnd.nextInt(4);
            int plane = 1 + rnd.nextInt(12);
            int images = 1 + rnd.nextInt(4);
            int count = images * c * plane;
            int[] x = new int[count];
            int[] f = new int[count];
            int xBits = 1 + rnd.nextInt(16);
            int fBits = 1 + rnd.nextInt(16);
            for (int j = 0; j < count; j++) {
                x[j] = (int) (rnd.nextInt(30) == 0 ? IN.minRaw() : rnd.nextInt(30) == 0 ? IN.maxRaw()
                        : rnd.nextLong(-(1L << (xBits - 1)), 1L << (xBits - 1)));
                long fl = rnd.nextInt(30) == 0 ? fType.minRaw() : rnd.nextInt(30) == 0 ? fType.maxRaw()
                        : rnd.nextLong(-(1L << (fBits - 1)), 1L << (fBits - 1));
                f[j] = (int) Math.max(fType.minRaw(), Math.min(fType.maxRaw(), fl));
            }
            Dims d = new Dims(c, 1, plane);
            String msg = "seed " + seed + ", state " + state + ", f " + fType + ", h " + hRaw + "/" + hType;
            ChannelRanges zr = ranges(rnd, x, images, d, IN);
            int[] z = x.clone();
            long[] zl = Arrays.stream(x).asLongStream().toArray();
            ie.enter(z, count, zr);
            ek.enterFast(zl, zl, count);
            assertArrayEquals(Arrays.stream(zl).mapToInt(v -> (int) v).toArray(), z, msg + ": entry");
            if (zr.known(c)) {
                checkHolds(z, images, c, zr, msg + ": entry");
            }
            boolean edge = rnd.nextBoolean();
            if (edge) { // one sum at the last kept at an end of the clamp, or one past it
                seen[3] += putAtEdge(rnd, ie, z, zl, f, state, fType);
            }
            zr = edge ? exact(z, images, d) : rnd.nextInt(8) == 0 ? new ChannelRanges() : ranges(rnd, z, images, d, state);
            ChannelRanges fr = edge ? exact(f, images, d) : ranges(rnd, f, images, d, fType);
            long[] fl = Arrays.stream(f).asLongStream().toArray();
            boolean known = zr.known(c) && fr.known(c);
            ie.update(z, f, count, zr, fr);
            ek.updateFast(zl, fl, count);
            assertArrayEquals(Arrays.stream(zl).mapToInt(v -> (int) v).toArray(), z, msg + ": update");
            seen[0]++;
            if (known) {
                checkHolds(z, images, c, zr, msg + ": update");
                IntSumRounding u = ie.updateRounding();
                boolean below = false;
                boolean above = false;
                for (int ch = 0; ch < c; ch++) { // the recorded ends are the clamp's wherever it may have acted
                    below |= zr.lo(ch) <= u.clampLo();
                    above |= zr.hi(ch) >= u.clampHi();
                }
                seen[below != above ? 1 : !below ? 2 : 0]++;
            }
        });
        assertTrue(seen[0] > 500 && seen[1] > 80 && seen[2] > 80 && seen[3] > 100, Arrays.toString(seen)
                + ": updates; updates clamped at one end only; at neither; sums put at a clamp's edge");
    }

    /** A channel's recorded range of x: exact, or widened by a random slack toward t's ends. */
    private static ChannelRanges ranges(SplittableRandom rnd, int[] x, int images, Dims d, FixedType t) {
        long[][] r = exactRange(x, images, d);
        ChannelRanges cr = new ChannelRanges();
        cr.resize(d.c());
        boolean slack = rnd.nextBoolean();
        for (int c = 0; c < d.c(); c++) {
            cr.set(c, slack ? widen(rnd, r[1][c], t.minRaw(), -1) : r[1][c],
                    slack ? widen(rnd, r[0][c], t.maxRaw(), 1) : r[0][c]);
        }
        return cr;
    }

    private static ChannelRanges exact(int[] x, int images, Dims d) {
        long[][] r = exactRange(x, images, d);
        ChannelRanges cr = new ChannelRanges();
        cr.record(r[0], r[1], d.c());
        return cr;
    }

    /**
     * Puts, at a random raw, a state z and an f whose update sum {@code z·2^s + f·h} is one of the sums at the
     * update's clamp edges (the last kept at a bound, the first past it, and their neighbours): 1 when it found one.
     */
    private static int putAtEdge(SplittableRandom rnd, IntEuler ie, int[] z, long[] zl, int[] f, FixedType state,
                                 FixedType fType) {
        IntSumRounding u = ie.updateRounding();
        int e = u.dropped();
        int s = ie.shift();
        long h = ie.h();
        if (e < 1 || e > 24) {
            return 0;
        }
        long bottom = (long) u.clampLo() << e;
        long top = ((long) u.clampHi() << e) + (1L << e) - 1;
        long[] edges = {bottom - 1, bottom - (1L << e), bottom, bottom + 1, top, top + 1, top - (1L << (e - 1)),
                (long) u.clampHi() << e, ((long) u.clampHi() << e) - 1};
        long t = edges[rnd.nextInt(edges.length)];
        int j = rnd.nextInt(z.length);
        for (int k = 0; k < 400; k++) {
            long fv = k == 0 ? 0 : rnd.nextLong(fType.minRaw(), fType.maxRaw() + 1);
            long rest = t - fv * h;
            long zv = rest >> s;
            if ((zv << s) == rest && zv >= state.minRaw() && zv <= state.maxRaw()) {
                z[j] = (int) zv;
                zl[j] = zv;
                f[j] = (int) fv;
                return 1;
            }
        }
        return 0;
    }

    private static IntSumRounding drawRounding(SplittableRandom rnd) {
        QuantMode q = QuantMode.values()[rnd.nextInt(3)];
        int width = 2 + rnd.nextInt(28);
        if (rnd.nextBoolean()) {
            int fromWidth = 1 + rnd.nextInt(31);
            FixedType from = new FixedType(rnd.nextBoolean(), fromWidth, rnd.nextInt(-4, 31), QuantMode.AP_TRN,
                    OverflowMode.AP_WRAP, 0);
            int fromFrac = from.fracBits();
            FixedType to = new FixedType(rnd.nextBoolean(), width, width - (fromFrac - rnd.nextInt(-29, 31)), q,
                    OverflowMode.AP_SAT, 0);
            return IntSumRounding.plane(from, to, rnd.nextBoolean());
        }
        int shift = rnd.nextInt(20);
        FixedType acc = FixedType.signed(40 + rnd.nextInt(20), 10 + rnd.nextInt(20));
        int outFrac = acc.fracBits() - shift - rnd.nextInt(31);
        FixedType out = new FixedType(true, width, width - outFrac, q, OverflowMode.AP_SAT, 0);
        long[] bias = {rnd.nextLong(-(1L << 40), 1L << 40)};
        return IntSumRounding.of(acc, out, shift, bias, 1);
    }

    /** {@link Bound#end} is the exact sum where it is below {@link Bound#CAP}, CAP where it is not. */
    @Test
    void boundEndSaturatesExactlyAtTheCap() {
        qt().withExamples(scaled(2000)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int n = 1 + rnd.nextInt(6);
            long[] a = new long[n];
            long[] c = new long[n];
            long[] up = new long[n];
            long[] down = new long[n];
            for (int j = 0; j < n; j++) {
                a[j] = big(rnd);
                c[j] = big(rnd);
                up[j] = big(rnd);
                down[j] = -big(rnd);
            }
            int only = rnd.nextInt(3) == 0 ? rnd.nextInt(n) : -1;
            BigInteger want = BigInteger.ZERO;
            for (int j = 0; j < n; j++) {
                int i = only >= 0 ? only : j;
                want = want.add(BigInteger.valueOf(a[j]).multiply(BigInteger.valueOf(up[i])))
                        .subtract(BigInteger.valueOf(c[j]).multiply(BigInteger.valueOf(down[i])));
            }
            long cap = Bound.CAP;
            long expected = want.compareTo(BigInteger.valueOf(cap)) >= 0 ? cap : want.longValueExact();
            assertEquals(expected, Bound.end(a, up, c, down, only), "seed " + seed);
        });
        // at the cap and one below it
        assertEquals(Bound.CAP - 1, Bound.end(new long[] {(1L << 30) - 1, 1}, new long[] {1L << 31, (1L << 31) - 1},
                new long[] {0, 0}, new long[] {0, 0}, -1));
        assertEquals(Bound.CAP, Bound.end(new long[] {1L << 30, 1}, new long[] {1L << 31, 0},
                new long[] {0, 0}, new long[] {0, 0}, -1));
        assertEquals(Bound.CAP, Bound.end(new long[] {1L << 40, 1L << 40}, new long[] {1L << 40, 1L << 40},
                new long[] {1L << 40, 1L << 40}, new long[] {-(1L << 40), -(1L << 40)}, -1));
    }

    /**
     * {@link Bound#endWithinCap} is {@link Bound#end} wherever its premise holds ({@code Σ (a + c)·m ≤ CAP} with every
     * input end within m), up to sums of exactly CAP: weight sums split at random over the inputs, input ends at m
     * or below it, and the premise's edge itself (weight sum CAP / m, every input at m).
     */
    @Test
    void boundEndWithinTheCapIsTheCappedEnd() {
        qt().withExamples(scaled(2000)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int n = 1 + rnd.nextInt(40);
            long m = rnd.nextBoolean() ? 1L << 31 : 1 + rnd.nextLong(1L << 31);
            boolean edge = rnd.nextInt(4) == 0;
            long total = edge ? Bound.CAP / m : rnd.nextLong(Bound.CAP / m + 1);
            long[] a = new long[n];
            long[] c = new long[n];
            long left = total;
            for (int j = 0; j < 2 * n; j++) { // the weight sum split over a and c, the last one taking the rest
                long part = j == 2 * n - 1 ? left : rnd.nextLong(left + 1);
                left -= part;
                (j % 2 == 0 ? a : c)[j / 2] = part;
            }
            long[] up = new long[n];
            long[] down = new long[n];
            for (int j = 0; j < n; j++) {
                up[j] = edge || rnd.nextInt(3) == 0 ? m : rnd.nextLong(m + 1);
                down[j] = -(edge || rnd.nextInt(3) == 0 ? m : rnd.nextLong(m + 1));
            }
            int only = rnd.nextInt(3) == 0 ? rnd.nextInt(n) : -1;
            assertEquals(Bound.end(a, up, c, down, only), Bound.endWithinCap(a, up, c, down, only),
                    "seed " + seed + ", " + n + " inputs within " + m + ", weight sum " + total);
        });
        long m = 1L << 31;
        long[] at = {Bound.CAP / m / 2};
        assertEquals(Bound.CAP, Bound.endWithinCap(at, new long[] {m}, at, new long[] {-m}, -1));
        assertEquals(Bound.CAP - at[0], Bound.endWithinCap(at, new long[] {m}, at, new long[] {-(m - 1)}, 0));
    }

    /** 0, small, up to 2^31 or up to 2^40 (whose products pass the cap). */
    private static long big(SplittableRandom rnd) {
        int kind = rnd.nextInt(4);
        return kind == 0 ? 0 : kind == 1 ? rnd.nextLong(1 << 10) : kind == 2 ? rnd.nextLong(1L << 31)
                : rnd.nextLong(1L << 40);
    }
}
