package org.dsodenet.ops.fixed;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.ops.fixed.kernel.Values;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.dsodenet.ops.parallel.Parallel;
import org.junit.jupiter.api.Test;

/**
 * The group forward ({@link BatchForward}: layers on float taps through the float layer kernels for a whole group of
 * samples) against the reference forward, raw for raw, on random networks whose layers sometimes qualify and
 * sometimes do not: convolutions of stride 1 and 2 with any padding, depthwise, pointwise, linear, ReLU, batch norm,
 * pooling, ODE blocks with and without a time channel, random modes, groups of 1 to 35 samples. The same networks
 * put layers on double taps on the int group path ({@link org.dsodenet.ops.fixed.kernel.IntBatchConv}): on plain
 * ints, on split sums and, past both, on the exact path, with ODE states on int planes.
 */
class BatchForwardTest {

    @Test
    void groupForwardEqualsReference() {
        int[] seen = new int[4]; // layers batched to floats, batched to longs; ODE states on floats; groups past 32
        long[] ints = new long[8]; // int layers; runs on ints, split chunks; fallbacks; int states; direct; flat;
        // partial-split chunks
        qt().withExamples(scaled(300)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            RandomChain c = new RandomChain(rnd, true);
            QNetwork net = c.network();
            FixedForward fwd = new FixedForward(net);
            if (!fwd.grouped()) {
                return; // a layer past 64 bits: no count-free path to compare
            }
            int images = rnd.nextInt(10) == 0 ? 33 + rnd.nextInt(3) : 1 + rnd.nextInt(6);
            seen[0] += fwd.batchedLayers(true);
            seen[1] += fwd.batchedLayers(false);
            seen[2] += fwd.floatStates();
            seen[3] += images > BatchForward.GROUP ? 1 : 0;
            List<BigInteger[]> xs = new ArrayList<>();
            List<long[]> raws = new ArrayList<>();
            draw(c, net, images, xs, raws);
            long runs = fwd.intRuns(false);
            long splits = fwd.splitRuns();
            long fallbacks = fwd.intRuns(true);
            long directs = fwd.directRuns();
            long flats = fwd.flatRuns();
            long partials = fwd.partialRuns();
            List<Values> got = fwd.outputsGrouped(raws);
            ints[0] += fwd.intLayers();
            ints[1] += fwd.intRuns(false) - runs;
            ints[2] += fwd.splitRuns() - splits;
            ints[3] += fwd.intRuns(true) - fallbacks;
            ints[4] += fwd.intStates();
            ints[5] += fwd.directRuns() - directs;
            ints[6] += fwd.flatRuns() - flats;
            ints[7] += fwd.partialRuns() - partials;
            assertEquals(images, got.size());
            for (int i = 0; i < images; i++) {
                List<ReferenceForward.Layer> want = ReferenceForward.run(net, xs.get(i));
                BigInteger[] last = want.get(want.size() - 1).values();
                String msg = "seed " + seed + ", sample " + i + " of " + images + ": " + RandomNets.describe(net);
                assertEquals(last.length, got.get(i).size(), msg);
                for (int j = 0; j < last.length; j++) {
                    assertEquals(last[j], got.get(i).big(j), msg + " [" + j + "]");
                }
            }
        });
        String counts = Arrays.toString(seen) + ": batched to floats, to longs; ODE states on floats; groups past 32";
        assertTrue(seen[0] > 200 && seen[1] > 150 && seen[2] > 90 && seen[3] > 15, counts);
        String intCounts = Arrays.toString(ints) + ": int layers; runs on ints, chunks on split sums; fallbacks; "
                + "ODE states on ints; pointwise chunks read from the input plane; chunks in flat layouts; "
                + "chunks on split partial sums";
        assertTrue(ints[0] > 150 && ints[1] > 200 && ints[2] > 40 && ints[3] > 10 && ints[4] > 15 && ints[5] > 200
                && ints[6] > 50 && ints[7] > 20,
                intCounts);
    }

    /**
     * Recorded ranges through whole networks ({@link org.dsodenet.ops.fixed.kernel.ChannelRanges}) shaped like the
     * demo's fx16 student: a 3×3 convolution and ReLU, then ODE blocks (1–4 Euler steps, with or without a time
     * channel, on int states) whose f is depthwise, pointwise, ReLU, depthwise, pointwise, with trained-like small
     * weights and small input raws, then a stride-2 convolution. Int layers, ReLU on ints and the Euler entry, time
     * plane and update record their outputs' ranges, and an int layer whose input's range keeps every channel on
     * plain ints runs without scanning it. Every recorded range a step reads (and the state's after each update)
     * holds its plane's raws ({@link BatchForward#checkRanges}); the raws are the reference's; and that path is taken,
     * inside ODE blocks (with a time plane too) and at their first layer (whose input is the state the update
     * recorded).
     */
    @Test
    void recordedRangesThroughOdeBlocksGiveTheReferenceRaws() {
        // int layer runs without a scan; networks with a time plane that took it; int states; recorded ranges checked
        long[] seen = new long[4];
        qt().withExamples(scaled(150)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int c = 2 + rnd.nextInt(7);
            Dims d = new Dims(1 + rnd.nextInt(2), 3 + rnd.nextInt(6), 3 + rnd.nextInt(6));
            FixedType in = FixedType.parse("ap_ufixed<16,1,AP_RND_CONV,AP_SAT>");
            FixedType act = FixedType.parse("ap_fixed<16,6,AP_RND_CONV,AP_SAT>");
            FixedType state = FixedType.parse("ap_fixed<16,5,AP_RND_CONV,AP_SAT>");
            FixedType relu = FixedType.parse("ap_ufixed<16,4,AP_RND_CONV,AP_SAT>");
            boolean time = rnd.nextBoolean();
            List<org.dsodenet.ops.fixed.model.QLayer> layers = new ArrayList<>();
            layers.add(studentMac(rnd, "pre", 0, d.c(), c, 3, 1, in, act));
            layers.add(new org.dsodenet.ops.fixed.model.QRelu("pre.relu", relu));
            int fc = c + (time ? 1 : 0);
            List<org.dsodenet.ops.fixed.model.QLayer> f = List.of(
                    studentMac(rnd, "dw1", 1, fc, fc, 3, 1, state, act),
                    studentMac(rnd, "pw1", 2, fc, c, 1, 1, act, act),
                    new org.dsodenet.ops.fixed.model.QRelu("f.relu", relu),
                    studentMac(rnd, "dw2", 1, c, c, 3, 1, relu, act),
                    studentMac(rnd, "pw2", 2, c, c, 1, 1, act, act));
            layers.add(new org.dsodenet.ops.fixed.model.QOdeBlock("ode", f, 1 + rnd.nextInt(4),
                    FixedType.unsigned(1, -1), 1, state, time));
            layers.add(studentMac(rnd, "down", 0, c, 2 * c, 3, 2, state, act));
            QNetwork net = new QNetwork("student-like", d, in, layers);
            FixedForward fwd = new FixedForward(net);
            int images = 1 + rnd.nextInt(8);
            int bits = 4 + rnd.nextInt(13);
            List<long[]> raws = new ArrayList<>();
            for (int i = 0; i < images; i++) {
                long[] x = new long[d.size()];
                for (int j = 0; j < x.length; j++) {
                    x[j] = rnd.nextInt(20) == 0 ? in.maxRaw() : rnd.nextLong(1L << bits);
                }
                raws.add(x);
            }
            long r0 = fwd.recordedRuns();
            long c0 = BatchForward.rangesChecked;
            List<Values> got;
            BatchForward.checkRanges = true;
            try {
                got = fwd.outputsGrouped(raws);
            } finally {
                BatchForward.checkRanges = false;
            }
            long recorded = fwd.recordedRuns() - r0;
            seen[0] += recorded;
            seen[1] += time && fwd.intStates() > 0 && recorded > 0 ? 1 : 0;
            seen[3] += BatchForward.rangesChecked - c0;
            seen[2] += fwd.intStates();
            for (int i = 0; i < images; i++) {
                BigInteger[] x = Arrays.stream(raws.get(i)).mapToObj(BigInteger::valueOf).toArray(BigInteger[]::new);
                List<ReferenceForward.Layer> want = ReferenceForward.run(net, x);
                BigInteger[] last = want.get(want.size() - 1).values();
                String msg = "seed " + seed + ", sample " + i + " of " + images + ": " + RandomNets.describe(net);
                for (int j = 0; j < last.length; j++) {
                    assertEquals(last[j], got.get(i).big(j), msg + " [" + j + "]");
                }
            }
        });
        assertTrue(seen[0] > 200 && seen[1] > 30 && seen[2] > 100 && seen[3] > 1000, Arrays.toString(seen)
                + ": int layer runs without a scan; networks with a time plane that ran some; int ODE states; "
                + "recorded ranges that held their planes' raws");
    }

    /**
     * A multiply-accumulate layer with the student's types (16-bit weights of 2 integer bits, 32-bit biases, the
     * accumulator sized to fit) and trained-like weights: kind 0 dense k×k, 1 depthwise, 2 pointwise.
     */
    private static QMac studentMac(SplittableRandom rnd, String name, int kind, int cin, int cout, int k, int stride,
                                   FixedType inType, FixedType out) {
        FixedType wt = FixedType.signed(16, 2);
        FixedType bt = FixedType.signed(32, 1);
        int per = kind == 1 ? k * k : cin * k * k;
        int wBits = 13 + rnd.nextInt(4); // |w| up to 2^-1 .. 2^2: past what the types alone keep within an int
        long[] w = new long[cout * per];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextLong(-(1L << (wBits - 1)), 1L << (wBits - 1));
        }
        long[] b = new long[cout];
        for (int i = 0; i < cout; i++) {
            b[i] = rnd.nextLong(-(1L << 27), 1L << 27);
        }
        AccTypes probe = new AccTypes(wt, bt, FixedType.signed(8, 4), FixedType.signed(8, 4));
        FixedType acc = org.dsodenet.ops.fixed.types.AccumulatorSizer.accumulator(
                studentMac(name, kind, cin, cout, k, stride, w, b, probe), inType);
        return studentMac(name, kind, cin, cout, k, stride, w, b, new AccTypes(wt, bt, acc, out));
    }

    private static QMac studentMac(String name, int kind, int cin, int cout, int k, int stride, long[] w, long[] b,
                                   AccTypes t) {
        return kind == 0 ? new QConv2d(name, cin, cout, k, stride, 1, w, b, t)
                : kind == 1 ? new QDepthwiseConv2d(name, cin, k, stride, 1, w, b, t)
                : new QPointwiseConv2d(name, cin, cout, w, b, t);
    }

    /**
     * Forwards take each thread's planes over from one another (a QAT step builds a new forward of the same network
     * every step): two forwards of one network and forwards of other networks, taking turns on one thread with
     * different images each turn, each still give the reference's raws.
     */
    @Test
    void forwardsTakingTurnsOnOnePlaneSetAgree() {
        SplittableRandom rnd = new SplittableRandom(20261207L);
        List<QNetwork> nets = new ArrayList<>();
        List<RandomChain> chains = new ArrayList<>();
        while (nets.size() < 6) {
            RandomChain c = new RandomChain(rnd, true);
            if (new FixedForward(c.network()).grouped()) {
                nets.add(c.network());
                chains.add(c);
            }
        }
        List<FixedForward> fwds = new ArrayList<>();
        for (QNetwork net : nets) {
            fwds.add(new FixedForward(net));
            fwds.add(new FixedForward(net)); // the same sizes: the second takes the first one's planes over
        }
        for (int turn = 0; turn < 3; turn++) {
            for (int f = 0; f < fwds.size(); f++) {
                int which = turn == 1 ? fwds.size() - 1 - f : f;
                FixedForward fwd = fwds.get(which);
                QNetwork net = nets.get(which / 2);
                RandomChain c = chains.get(which / 2);
                List<BigInteger[]> xs = new ArrayList<>();
                List<long[]> raws = new ArrayList<>();
                draw(c, net, 3, xs, raws);
                List<Values> got = fwd.outputsGrouped(raws);
                for (int i = 0; i < xs.size(); i++) {
                    List<ReferenceForward.Layer> want = ReferenceForward.run(net, xs.get(i));
                    BigInteger[] last = want.get(want.size() - 1).values();
                    for (int j = 0; j < last.length; j++) {
                        assertEquals(last[j], got.get(i).big(j), "turn " + turn + ", forward " + which + " [" + j + "]");
                    }
                }
            }
        }
    }

    /**
     * Two int layers of different geometries whose tap layouts are the same size (2×4×4 inputs: a 3×3 kernel of
     * stride 2 with padding 1, and a 5×5 kernel of stride 1 with padding 1, both 80 raws laid out), taking turns on
     * one thread's shared buffers: a layout keeps its zeros from call to call, so one that the other geometry had
     * written would give wrong sums. Each stays the reference's, raw for raw, every turn, on the int path.
     */
    @Test
    void geometriesOfOneLayoutSizeTakingTurnsStayExact() {
        Dims d = new Dims(2, 4, 4);
        FixedType in = FixedType.signed(16, 16);
        // products past 2^24 (not float taps); the drawn raws (within 2^12) keep 50 taps' sums within an int
        AccTypes types = new AccTypes(FixedType.signed(15, 15), FixedType.signed(18, 18), FixedType.signed(60, 60),
                new FixedType(true, 30, 30, QuantMode.AP_RND_CONV, OverflowMode.AP_SAT, 0));
        SplittableRandom rnd = new SplittableRandom(11);
        List<FixedForward> fwds = new ArrayList<>();
        List<QNetwork> nets = new ArrayList<>();
        int[][] shapes = {{3, 2, 1}, {5, 1, 1}}; // k, stride, pad: both give 2×2 outputs
        for (int[] kp : shapes) {
            long[] w = new long[3 * 2 * kp[0] * kp[0]];
            for (int i = 0; i < w.length; i++) {
                w[i] = rnd.nextInt(-(1 << 13) + 1, 1 << 13);
            }
            QNetwork net = new QNetwork("k" + kp[0], d, in, List.of(new QConv2d("conv", 2, 3, kp[0], kp[1], kp[2], w,
                    new long[] {7, -9, 0}, types)));
            nets.add(net);
            fwds.add(new FixedForward(net));
            assertEquals(1, fwds.get(fwds.size() - 1).intLayers(), net.name() + ": on the int path");
        }
        for (int turn = 0; turn < 6; turn++) {
            int which = turn % 2;
            FixedForward fwd = fwds.get(which);
            List<long[]> raws = new ArrayList<>();
            for (int i = 0; i < 3; i++) { // one count: the second geometry gets the first one's arrays if shared
                long[] x = new long[d.size()];
                for (int j = 0; j < x.length; j++) {
                    x[j] = rnd.nextInt(-(1 << 12), (1 << 12) + 1);
                }
                raws.add(x);
            }
            long r0 = fwd.intRuns(false);
            List<Values> got = fwd.outputsGrouped(raws);
            String msg = "turn " + turn + ", " + nets.get(which).name();
            assertEquals(1, fwd.intRuns(false) - r0, msg + ": runs on ints");
            for (int i = 0; i < raws.size(); i++) {
                BigInteger[] x = Arrays.stream(raws.get(i)).mapToObj(BigInteger::valueOf).toArray(BigInteger[]::new);
                List<ReferenceForward.Layer> want = ReferenceForward.run(nets.get(which), x);
                BigInteger[] last = want.get(want.size() - 1).values();
                for (int j = 0; j < last.length; j++) {
                    assertEquals(last[j], got.get(i).big(j), msg + ", sample " + i + " [" + j + "]");
                }
            }
        }
    }

    /**
     * Int layers of stride 1 that keep the map's size (3×3 with padding 1, 5×5 with padding 2), dense and depthwise,
     * on maps of 1 to 6 rows and columns (narrower than the kernel too), run in their flat layout (a copy per
     * channel, the taps' wrapped columns cleared) and give the reference's raws.
     */
    @Test
    void flatLayoutsStayExact() {
        long[] seen = new long[2]; // chunks in flat layouts; depthwise layers
        qt().withExamples(scaled(150)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int k = rnd.nextBoolean() ? 3 : 5;
            int cin = 1 + rnd.nextInt(3);
            Dims d = new Dims(cin, 1 + rnd.nextInt(6), 1 + rnd.nextInt(6));
            QMac layer = randomIntLayer(rnd, cin, k, 1, (k - 1) / 2);
            boolean depthwise = layer instanceof QDepthwiseConv2d;
            QNetwork net = new QNetwork("flat", d, FixedType.signed(16, 16), List.of(layer));
            FixedForward fwd = new FixedForward(net);
            assertEquals(1, fwd.intLayers(), "on the int path");
            List<long[]> raws = randomSmallRaws(rnd, d);
            long f0 = fwd.flatRuns() + fwd.stackedRuns();
            long r0 = fwd.intRuns(false);
            List<Values> got = fwd.outputsGrouped(raws);
            assertEquals(1, fwd.intRuns(false) - r0, "runs on ints");
            seen[0] += fwd.flatRuns() + fwd.stackedRuns() - f0; // depthwise layers on small maps take the stacked one
            seen[1] += depthwise ? 1 : 0;
            for (int i = 0; i < raws.size(); i++) {
                BigInteger[] x = Arrays.stream(raws.get(i)).mapToObj(BigInteger::valueOf).toArray(BigInteger[]::new);
                List<ReferenceForward.Layer> want = ReferenceForward.run(net, x);
                BigInteger[] last = want.get(want.size() - 1).values();
                for (int j = 0; j < last.length; j++) {
                    assertEquals(last[j], got.get(i).big(j), "seed " + seed + ", k " + k + ", " + d + ", "
                            + (depthwise ? "depthwise" : "dense") + ", sample " + i + " [" + j + "]");
                }
            }
        });
        assertTrue(seen[0] > 100 && seen[1] > 30, Arrays.toString(seen) + ": chunks in flat layouts; depthwise");
    }

    /**
     * A random int-path layer of 16-bit inputs (dense with 1–3 outputs or depthwise, drawn here): weights below 2^13,
     * biases of ±1,000, a 60-bit accumulator and an AP_RND_CONV / AP_SAT output, so only the taps' layout decides.
     */
    private static QMac randomIntLayer(SplittableRandom rnd, int cin, int k, int stride, int pad) {
        AccTypes types = new AccTypes(FixedType.signed(15, 15), FixedType.signed(18, 18),
                FixedType.signed(60, 60), new FixedType(true, 30, 30, QuantMode.AP_RND_CONV, OverflowMode.AP_SAT, 0));
        boolean depthwise = rnd.nextBoolean();
        int cout = depthwise ? cin : 1 + rnd.nextInt(3);
        long[] w = new long[cout * (depthwise ? 1 : cin) * k * k];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextInt(-(1 << 13) + 1, 1 << 13);
        }
        long[] b = new long[cout];
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextInt(-1000, 1001);
        }
        return depthwise ? new QDepthwiseConv2d("dw", cin, k, stride, pad, w, b, types)
                : new QConv2d("conv", cin, cout, k, stride, pad, w, b, types);
    }

    /** One to five inputs of raws within ±2^11, so that up to 75 taps' sums stay within an int. */
    private static List<long[]> randomSmallRaws(SplittableRandom rnd, Dims d) {
        List<long[]> raws = new ArrayList<>();
        for (int i = 0, n = 1 + rnd.nextInt(5); i < n; i++) {
            long[] x = new long[d.size()];
            for (int j = 0; j < x.length; j++) {
                x[j] = rnd.nextInt(-(1 << 11), (1 << 11) + 1);
            }
            raws.add(x);
        }
        return raws;
    }

    /**
     * Int layers of stride 2 and 3, k 2 to 5, any padding below k, dense and depthwise, on maps of 1 to 4 strides a
     * side (and one in four a map that is not a whole number of strides, or any padding, which may give another
     * output size: those keep the padded {@code TapLayout}): those whose output is the input taken every stride-th
     * position run in their phase planes (a row's values dealt out to its phases, the taps reading a row or a column
     * back from the plane's margin or wrapped and cleared) and give the reference's raws.
     */
    @Test
    void phasedLayoutsStayExact() {
        long[] seen = new long[3]; // chunks in phased layouts; stride-3 ones; runs in the padded layout
        qt().withExamples(scaled(200)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int stride = rnd.nextInt(4) == 0 ? 3 : 2;
            int k = 2 + rnd.nextInt(4);
            // the output is the input every stride-th position for k - stride ≤ 2·pad < k (3×3 stride 2: pad 1)
            int fit = Math.max(0, (k - stride + 1) / 2);
            boolean odd = rnd.nextInt(4) == 0;
            int pad = odd ? rnd.nextInt(k) : fit + rnd.nextInt((k - 1) / 2 - fit + 1);
            int cin = 1 + rnd.nextInt(3);
            Dims d = new Dims(cin, stride * (1 + rnd.nextInt(4)) + (odd ? rnd.nextInt(stride) : 0),
                    stride * (1 + rnd.nextInt(4)) + (odd ? rnd.nextInt(stride) : 0));
            if ((d.h() + 2 * pad - k) < 0 || (d.w() + 2 * pad - k) < 0) {
                return; // no output
            }
            QMac layer = randomIntLayer(rnd, cin, k, stride, pad);
            boolean depthwise = layer instanceof QDepthwiseConv2d;
            QNetwork net = new QNetwork("phased", d, FixedType.signed(16, 16), List.of(layer));
            FixedForward fwd = new FixedForward(net);
            assertEquals(1, fwd.intLayers(), "on the int path");
            List<long[]> raws = randomSmallRaws(rnd, d);
            long f0 = fwd.flatRuns();
            long r0 = fwd.intRuns(false);
            List<Values> got = fwd.outputsGrouped(raws);
            assertEquals(1, fwd.intRuns(false) - r0, "runs on ints");
            long flats = fwd.flatRuns() - f0;
            seen[0] += flats;
            seen[1] += stride == 3 ? flats : 0;
            seen[2] += flats == 0 ? 1 : 0;
            for (int i = 0; i < raws.size(); i++) {
                BigInteger[] x = Arrays.stream(raws.get(i)).mapToObj(BigInteger::valueOf).toArray(BigInteger[]::new);
                List<ReferenceForward.Layer> want = ReferenceForward.run(net, x);
                BigInteger[] last = want.get(want.size() - 1).values();
                for (int j = 0; j < last.length; j++) {
                    assertEquals(last[j], got.get(i).big(j), "seed " + seed + ", k " + k + ", stride " + stride
                            + ", pad " + pad + ", " + d + ", " + (depthwise ? "depthwise" : "dense") + ", sample " + i
                            + " [" + j + "]");
                }
            }
        });
        assertTrue(seen[0] > 100 && seen[1] > 20 && seen[2] > 20, Arrays.toString(seen)
                + ": chunks in phased layouts; of stride 3; runs in the padded layout");
    }

    /**
     * Chains of one to three 16-bit depthwise layers (3×3 or 5×5, stride 1, the map's size kept: the stacked layout,
     * {@code kernel.StackedLayout}) on maps of 1×1 to 9×9 (one in eight of 20×20 to 30×30, whose runs hold one sample
     * each), groups of 1 to 35 samples, weights and inputs of random magnitude (so channels land on plain ints, on
     * split partial sums, on split sums or the group on the exact path): raw for raw {@link FixedForward#run}'s, and
     * the stacked layout taken.
     */
    @Test
    void stackedDepthwiseChainsStayExact() {
        long[] seen = new long[4]; // stacked chunks; chunks of many samples; runs on ints; of them on large maps
        qt().withExamples(scaled(120)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            int cin = 1 + rnd.nextInt(4);
            boolean large = rnd.nextInt(8) == 0;
            Dims d = large ? new Dims(cin, 20 + rnd.nextInt(11), 20 + rnd.nextInt(11))
                    : new Dims(cin, 1 + rnd.nextInt(9), 1 + rnd.nextInt(9));
            FixedType in = new FixedType(true, 16, 6, QuantMode.AP_RND, OverflowMode.AP_SAT, 0);
            List<org.dsodenet.ops.fixed.model.QLayer> layers = new ArrayList<>();
            for (int l = 0, n = 1 + rnd.nextInt(3); l < n; l++) {
                int k = rnd.nextInt(4) == 0 ? 5 : 3;
                // weights within ±2^(wBits - 1), one at -2^(wBits - 1) per channel: past what float taps prove exact
                int wBits = 10 + rnd.nextInt(7);
                AccTypes types = new AccTypes(FixedType.signed(16, 2), FixedType.signed(16, 6),
                        FixedType.signed(48, 24), new FixedType(true, 16, 6, QuantMode.AP_RND, OverflowMode.AP_SAT, 0));
                long[] w = new long[cin * k * k];
                for (int i = 0; i < w.length; i++) {
                    w[i] = i % (k * k) == rnd.nextInt(k * k) ? -(1L << (wBits - 1))
                            : rnd.nextLong(-(1L << (wBits - 1)), 1L << (wBits - 1));
                }
                long[] b = new long[cin];
                for (int i = 0; i < b.length; i++) {
                    b[i] = rnd.nextLong(-(1L << 15), 1L << 15);
                }
                layers.add(new QDepthwiseConv2d("dw" + l, cin, k, 1, (k - 1) / 2, w, b, types));
            }
            QNetwork net = new QNetwork("stacked", d, in, layers);
            FixedForward fwd = new FixedForward(net);
            assertEquals(layers.size(), fwd.intLayers(), "on the int path");
            int xBits = 1 + rnd.nextInt(16);
            List<long[]> raws = new ArrayList<>();
            for (int i = 0, n = 1 + rnd.nextInt(large ? 4 : 35); i < n; i++) {
                long[] x = new long[d.size()];
                for (int j = 0; j < x.length; j++) {
                    x[j] = rnd.nextBoolean() ? rnd.nextLong(-(1L << (xBits - 1)), 1L << (xBits - 1))
                            : rnd.nextBoolean() ? in.minRaw() : in.maxRaw();
                }
                raws.add(x);
            }
            long s0 = fwd.stackedRuns();
            long r0 = fwd.intRuns(false) - fwd.intRuns(true);
            List<Values> got = fwd.outputsGrouped(raws);
            long stackedNow = fwd.stackedRuns() - s0;
            long onInts = fwd.intRuns(false) - fwd.intRuns(true) - r0;
            assertTrue(stackedNow >= onInts && (onInts == 0 || stackedNow > 0), stackedNow + " stacked chunks, "
                    + onInts + " int runs");
            seen[0] += stackedNow;
            seen[1] += raws.size() > 1 && stackedNow > 0 ? 1 : 0;
            seen[2] += onInts;
            seen[3] += large ? onInts : 0;
            for (int i = 0; i < raws.size(); i++) {
                LayerTrace want = fwd.run(raws.get(i)).output();
                for (int j = 0; j < want.size(); j++) {
                    assertEquals(want.rawBig(j), got.get(i).big(j), "seed " + seed + ", " + d + ", "
                            + layers.size() + " layers, sample " + i + " of " + raws.size() + " [" + j + "]");
                }
            }
        });
        assertTrue(seen[0] > 100 && seen[1] > 50 && seen[2] > 100 && seen[3] > 5, Arrays.toString(seen)
                + ": stacked chunks; groups of many samples on them; runs on ints; of them on large maps");
    }

    /**
     * The int bound on the stacked layout: a depthwise 3×3 layer whose nine weights are all w, on a 3×3 map of
     * constant raws -2^13, so the centre's sum is {@code K + 9·w·(-2^13)}: with w = -2^14 and K = 2^31 - 1 -
     * 9·2^27 exactly 2^31 - 1 (plain ints), one more and it takes split partial sums; with w = 2^14 and K = -(2^31 -
     * 1) + 9·2^27 exactly -(2^31 - 1), one less and split partial sums. Three samples share the stacked row; the raws
     * are {@link FixedForward#run}'s.
     */
    @Test
    void stackedIntBoundHoldsExactlyAtBothEnds() {
        long x = -(1L << 13);
        long upper = (1L << 31) - 1 - 9 * (1L << 27);
        checkStackedBound(-(1L << 14), upper, x, 0);
        checkStackedBound(-(1L << 14), upper + 1, x, 1);
        long lower = -(1L << 31) + 1 + 9 * (1L << 27);
        checkStackedBound(1L << 14, lower, x, 0);
        checkStackedBound(1L << 14, lower - 1, x, 1);
    }

    private static void checkStackedBound(long weight, long b, long x, int partials) {
        FixedType out = new FixedType(true, 18, 18 + 15, QuantMode.AP_RND_CONV, OverflowMode.AP_SAT, 0);
        AccTypes types = new AccTypes(FixedType.signed(16, 16), FixedType.signed(32, 32), FixedType.signed(60, 60), out);
        long[] w = new long[9];
        Arrays.fill(w, weight);
        Dims d = new Dims(1, 3, 3);
        QNetwork net = new QNetwork("stacked-edge", d, FixedType.signed(18, 18),
                List.of(new QDepthwiseConv2d("dw", 1, 3, 1, 1, w, new long[] {b}, types)));
        FixedForward fwd = new FixedForward(net);
        String msg = "weight " + weight + ", bias " + b;
        assertEquals(1, fwd.intLayers(), msg + ": int layers");
        long[] raw = new long[d.size()];
        Arrays.fill(raw, x);
        List<long[]> raws = List.of(raw, raw.clone(), raw.clone());
        long r0 = fwd.intRuns(false);
        long f0 = fwd.intRuns(true);
        long s0 = fwd.splitRuns();
        long p0 = fwd.partialRuns();
        long st0 = fwd.stackedRuns();
        List<Values> got = fwd.outputsGrouped(raws);
        assertEquals(1, fwd.intRuns(false) - r0, msg + ": runs on ints");
        assertEquals(0, fwd.intRuns(true) - f0, msg + ": exact-path fallbacks");
        assertEquals(0, fwd.splitRuns() - s0, msg + ": chunks on split sums");
        assertEquals(partials, fwd.partialRuns() - p0, msg + ": chunks on split partial sums");
        assertEquals(1, fwd.stackedRuns() - st0, msg + ": stacked chunks");
        for (int i = 0; i < raws.size(); i++) {
            LayerTrace want = fwd.run(raws.get(i)).output();
            for (int j = 0; j < want.size(); j++) {
                assertEquals(want.rawBig(j), got.get(i).big(j), msg + ", sample " + i + " [" + j + "]");
            }
        }
    }

    /** Draws {@code images} random inputs of the chain's network, as BigIntegers (xs) and as raws. */
    private static void draw(RandomChain c, QNetwork net, int images, List<BigInteger[]> xs, List<long[]> raws) {
        for (int i = 0; i < images; i++) {
            BigInteger[] x = new BigInteger[net.input().size()];
            long[] r = new long[x.length];
            for (int j = 0; j < x.length; j++) {
                x[j] = c.raw(net.inputType());
                r[j] = x[j].longValueExact();
            }
            xs.add(x);
            raws.add(r);
        }
    }

    /**
     * At the float proof's bound (every partial sum within 2^24) a layer runs batched and gives the exact sum 2^24;
     * one past it, it does not run batched, and the sum is still exact.
     */
    @Test
    void floatBoundHoldsExactlyInTheGroupForward() {
        checkBound(false, 1);
        checkBound(true, 0);
    }

    private static void checkBound(boolean plusOne, int batched) {
        BoundLayers bound = BoundLayers.of(23, plusOne);
        Dims in = bound.in();
        FixedType xt = bound.inType();
        long[] x = bound.x();
        BigInteger want = bound.want();
        for (QMac l : bound.layers()) {
            String msg = l.name() + " at 2^24" + (plusOne ? " + 1" : "");
            FixedForward fwd = new FixedForward(new QNetwork("edge", in, xt, List.of(l)));
            assertEquals(batched, fwd.batchedLayers(false) + fwd.batchedLayers(true), msg + ": batched layers");
            List<Values> got = fwd.outputsGrouped(List.of(x, x, x));
            for (Values v : got) {
                for (int j = 0; j < v.size(); j++) {
                    assertEquals(want, v.big(j), msg + " [" + j + "]");
                }
            }
        }
    }

    /**
     * The int group path's bound {@code |K| + Σ|w|·max|x| ≤ 2^31 - 1} at 2^31 - 1 and one past it, proven from the
     * types alone and from the group's actual inputs (most negative raws, -2^16, whose magnitude the group's exact
     * maxima give): at the bound the layer runs on plain ints and its sum 2^31 - 1 comes out exact; one past it a
     * channel takes the split partial sums (each product fits an int), the split sums where a product does not
     * (-2^14·-2^17 = 2^31), or, where neither can apply (one dropped bit), the group takes the exact path; the raws
     * are the reference's throughout.
     */
    @Test
    void intBoundHoldsExactlyAtTwoToThe31() {
        FixedType narrow = FixedType.signed(17, 17); // raws down to -2^16: the types alone give the bound
        FixedType wide = FixedType.signed(18, 18); // raws down to -2^17: only the actual inputs give it
        long[] low = {-(1L << 16)};
        // K + (2^15 - 1)·2^16 with K = 2^16 - 1 is 2^31 - 1; with K = 2^16 it is 2^31
        checkIntBound(narrow, (1L << 16) - 1, 15, List.of(low), 1, 0, 0, 0);
        checkIntBound(narrow, 1L << 16, 15, List.of(low), 1, 0, 1, 0);
        checkIntBound(wide, (1L << 16) - 1, 15, List.of(low), 1, 0, 0, 0);
        checkIntBound(wide, 1L << 16, 15, List.of(low), 1, 0, 1, 0);
        // one sample's maximum (2^16 + 1) takes the whole group past the bound, the others' raws are small
        checkIntBound(wide, (1L << 16) - 1, 15, List.of(new long[] {5}, new long[] {-(1L << 16) - 1}, new long[] {-3}),
                1, 0, 1, 0);
        // a product of 2^31 - 2^14 fits an int, one of 2^31 does not: split partial sums, then split sums
        checkIntBound(wide, 0, 15, List.of(new long[] {-(1L << 17) + 1}), 1, 0, 1, 0);
        checkIntBound(wide, 0, 15, List.of(new long[] {-(1L << 17)}), 1, 1, 0, 0);
        // one dropped bit: no split sums of either kind, so past the bound the group takes the exact path
        checkIntBound(wide, (1L << 16) - 1, 1, List.of(low), 1, 0, 0, 0);
        checkIntBound(wide, 1L << 16, 1, List.of(low), 0, 0, 0, 1);
    }

    /**
     * The signed bound {@code K + Σ (P·hi - N·lo) ≤ 2^31 - 1} and {@code K + Σ (P·lo - N·hi) ≥ -(2^31 - 1)} (P, N: an
     * input channel's positive weights and negative weights' magnitudes; hi, lo: its largest and smallest raw, 0
     * among them), on a layer with weights -2^14 (channel 0) and 2^14 - 1 (channel 1): at the upper end and one past
     * it (channel 0's raws -2^16, channel 1's 0: the sum is the bound) and at the lower end and one past it (channel
     * 0's 0, channel 1's -2^16). At the ends the layer runs on plain ints, one past them on split partial sums, and
     * the raws are the reference's. Inputs of one sign and weights of both signs stay on ints where magnitudes
     * ({@code |K| + Σ|w|·max|x| = 2^31}) would have split them.
     */
    @Test
    void signedIntBoundHoldsExactlyAtBothEnds() {
        FixedType wide = FixedType.signed(18, 18); // the type alone does not keep the sums within an int
        long[] w = {-(1L << 14), (1L << 14) - 1};
        FixedType bias = FixedType.signed(32, 32);
        long x = -(1L << 16);
        long upper = (1L << 30) - 1; // K + 2^14·2^16 = 2^31 - 1
        checkIntBound(wide, w, bias, upper, 15, List.of(new long[] {x, 0}), 1, 0, 0, 0);
        checkIntBound(wide, w, bias, upper + 1, 15, List.of(new long[] {x, 0}), 1, 0, 1, 0);
        long lower = -(1L << 30) - (1L << 16) + 1; // K - (2^14 - 1)·2^16 = -(2^31 - 1)
        checkIntBound(wide, w, bias, lower, 15, List.of(new long[] {0, x}), 1, 0, 0, 0);
        checkIntBound(wide, w, bias, lower - 1, 15, List.of(new long[] {0, x}), 1, 0, 1, 0);
        // K = 2^16: magnitudes give 2^16 + (2^15 - 1)·2^16 = 2^31, the signed bound 2^30 + 2^16 at most
        checkIntBound(wide, w, bias, 1L << 16, 15, List.of(new long[] {x, x}), 1, 0, 0, 0);
        checkIntBound(wide, w, bias, 1L << 16, 15, List.of(new long[] {-x, -x}, new long[] {3, 0}), 1, 0, 0, 0);
    }

    /**
     * The split partial sums' bound: a pointwise layer 5 -> 1 with weights 2^14, 2^14, 2^14, 1, 1, whose first four
     * taps form one partial sum (the fifth is one alone), on 31-bit inputs whose sum passes an int (so not on plain
     * ints). The partial at 2^31 - 1 (raws 2^15, 2^15, 2^15, 2^29 - 1, 2^20) and at -2^31 (the negated raws, 2^29 for
     * the fourth) is exact in int arithmetic and the channel runs on split partial sums; one past either end
     * (2^29 for the fourth, or -2^29 - 1) it is not, and the channel takes the split sums. The raws are the
     * reference's throughout.
     */
    @Test
    void partialSplitBoundHoldsExactlyAtBothEnds() {
        FixedType in = FixedType.signed(31, 31);
        long[] w = {1L << 14, 1L << 14, 1L << 14, 1, 1};
        FixedType bias = FixedType.signed(18, 18);
        long h = 1L << 15;
        long t = 1L << 20;
        checkIntBound(in, w, bias, 0, 16, List.of(new long[] {h, h, h, (1L << 29) - 1, t}), 1, 0, 1, 0);
        checkIntBound(in, w, bias, 0, 16, List.of(new long[] {h, h, h, 1L << 29, t}), 1, 1, 0, 0);
        checkIntBound(in, w, bias, 0, 16, List.of(new long[] {-h, -h, -h, -(1L << 29), -t}), 1, 0, 1, 0);
        checkIntBound(in, w, bias, 0, 16, List.of(new long[] {-h, -h, -h, -(1L << 29) - 1, -t}), 1, 1, 0, 0);
    }

    private static void checkIntBound(FixedType in, long b, int drop, List<long[]> samples, int runs, int splits,
                                      int partials, int fallbacks) {
        checkIntBound(in, new long[] {-(1L << 14), -(1L << 14) + 1}, FixedType.signed(18, 18), b, drop, samples, runs,
                splits, partials, fallbacks);
    }

    /**
     * A pointwise layer {@code w.length} -> 1 with weights w (16-bit, 15-bit when they fit), bias {@code b} (of
     * biasType), an accumulator that keeps every bit and an 18-bit AP_RND_CONV output dropping {@code drop} bits, on
     * samples whose every raw is the given one (or, given one per channel, whose channel c's raws are the c-th); the
     * group forward must give the reference's raws and take the int path ({@code runs}), split sums ({@code splits}),
     * split partial sums ({@code partials}) and the exact path ({@code fallbacks}) as often as said.
     */
    private static void checkIntBound(FixedType in, long[] w, FixedType biasType, long b, int drop,
                                      List<long[]> samples, int runs, int splits, int partials, int fallbacks) {
        FixedType out = new FixedType(true, 18, 18 + drop, QuantMode.AP_RND_CONV, OverflowMode.AP_SAT, 0);
        boolean narrow = Arrays.stream(w).allMatch(v -> v >= -(1L << 14) && v < (1L << 14));
        FixedType weights = narrow ? FixedType.signed(15, 15) : FixedType.signed(16, 16);
        AccTypes types = new AccTypes(weights, biasType, FixedType.signed(60, 60), out);
        Dims d = new Dims(w.length, 3, 3);
        QNetwork net = new QNetwork("int-edge", d, in,
                List.of(new QPointwiseConv2d("pw", w.length, 1, w, new long[] {b}, types)));
        FixedForward fwd = new FixedForward(net);
        String msg = in + ", bias " + b + ", " + drop + " dropped bits, samples " + samples.size();
        assertEquals(1, fwd.intLayers(), msg + ": int layers");
        List<long[]> raws = new ArrayList<>();
        for (long[] v : samples) {
            long[] x = new long[d.size()];
            for (int c = 0; c < d.c(); c++) {
                Arrays.fill(x, c * d.h() * d.w(), (c + 1) * d.h() * d.w(), v[v.length == 1 ? 0 : c]);
            }
            raws.add(x);
        }
        long r0 = fwd.intRuns(false);
        long s0 = fwd.splitRuns();
        long p0 = fwd.partialRuns();
        long f0 = fwd.intRuns(true);
        List<Values> got = fwd.outputsGrouped(raws);
        assertEquals(runs, fwd.intRuns(false) - r0, msg + ": runs on ints");
        assertEquals(splits, fwd.splitRuns() - s0, msg + ": chunks on split sums");
        assertEquals(partials, fwd.partialRuns() - p0, msg + ": chunks on split partial sums");
        assertEquals(fallbacks, fwd.intRuns(true) - f0, msg + ": exact-path fallbacks");
        for (int i = 0; i < raws.size(); i++) {
            BigInteger[] x = Arrays.stream(raws.get(i)).mapToObj(BigInteger::valueOf).toArray(BigInteger[]::new);
            List<ReferenceForward.Layer> want = ReferenceForward.run(net, x);
            BigInteger[] last = want.get(want.size() - 1).values();
            for (int j = 0; j < last.length; j++) {
                assertEquals(last[j], got.get(i).big(j), msg + ", sample " + i + " [" + j + "]");
            }
        }
    }

    /**
     * A layer on float taps whose output a layer on the int path reads: the group's raws pass from the float plane
     * to the int plane (a cast only this hand-off runs), and the second layer's outputs keep every bit of its sums
     * (30 bits hold them), so a raw changed on the way shows in the outputs.
     */
    @Test
    void floatPlaneFeedsIntLayerExactly() {
        Dims d = new Dims(2, 4, 4);
        FixedType in = FixedType.signed(8, 8);
        AccTypes first = new AccTypes(FixedType.signed(8, 8), FixedType.signed(18, 18), FixedType.signed(20, 20),
                new FixedType(true, 16, 16, QuantMode.AP_RND_CONV, OverflowMode.AP_SAT, 0));
        // |w| below 2^13 against 16-bit raws: products past 2^24 (not float taps), sums within 2^29 (the int path)
        AccTypes second = new AccTypes(FixedType.signed(15, 15), FixedType.signed(18, 18), FixedType.signed(60, 60),
                new FixedType(true, 30, 30, QuantMode.AP_RND_CONV, OverflowMode.AP_SAT, 0));
        SplittableRandom rnd = new SplittableRandom(7);
        long[] w1 = new long[2 * 2];
        long[] w2 = new long[2 * 2];
        for (int i = 0; i < w1.length; i++) {
            w1[i] = rnd.nextInt(-120, 121);
            w2[i] = rnd.nextInt(-(1 << 13) + 1, 1 << 13);
        }
        QNetwork net = new QNetwork("float-to-int", d, in, List.of(
                new QPointwiseConv2d("pw1", 2, 2, w1, new long[] {3, -5}, first),
                new QPointwiseConv2d("pw2", 2, 2, w2, new long[] {11, -13}, second)));
        FixedForward fwd = new FixedForward(net);
        assertEquals(1, fwd.batchedLayers(true), "the first layer leaves its outputs on a float plane (on longs: "
                + fwd.batchedLayers(false) + ")");
        assertEquals(1, fwd.intLayers(), "the second layer is on the int path");
        List<long[]> raws = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long[] x = new long[d.size()];
            for (int j = 0; j < x.length; j++) {
                x[j] = rnd.nextInt(-128, 128);
            }
            raws.add(x);
        }
        long r0 = fwd.intRuns(false);
        List<Values> got = fwd.outputsGrouped(raws);
        assertEquals(1, fwd.intRuns(false) - r0, "runs on ints");
        for (int i = 0; i < raws.size(); i++) {
            BigInteger[] x = Arrays.stream(raws.get(i)).mapToObj(BigInteger::valueOf).toArray(BigInteger[]::new);
            List<ReferenceForward.Layer> want = ReferenceForward.run(net, x);
            BigInteger[] last = want.get(want.size() - 1).values();
            for (int j = 0; j < last.length; j++) {
                assertEquals(last[j], got.get(i).big(j), "sample " + i + " [" + j + "]");
            }
        }
    }

    /** Groups are as large as allowed, but no plane of a group holds more than PLANE_LIMIT raws. */
    @Test
    void groupsShrinkOnlyForHugeFeatureMaps() {
        for (int size : new int[] {1, 784, 7056, 1 << 17, (1 << 17) + 1, 1 << 20, 3 << 20, 1 << 22, 1 << 24}) {
            int g = BatchForward.groupFor(size);
            assertTrue(g >= 1 && g <= BatchForward.GROUP, size + ": " + g);
            assertTrue(g == 1 || (long) g * size <= BatchForward.PLANE_LIMIT, size + ": " + g + " samples");
            assertTrue(g == BatchForward.GROUP || (long) (g + 1) * size > BatchForward.PLANE_LIMIT,
                    size + ": " + g + " samples, one more would fit");
        }
    }

    /** On one kernel thread and on two, outputsBatch runs the group forward where it applies, with the same raws. */
    @Test
    void outputsBatchGivesTheOneSampleRaws() {
        int threads = Parallel.threads();
        int grouped = 0;
        try {
            for (long seed = 1; seed <= 80; seed++) {
                Parallel.setThreads(1 + (int) (seed % 2));
                SplittableRandom rnd = new SplittableRandom(seed);
                RandomChain c = new RandomChain(rnd, true);
                QNetwork net = c.network();
                FixedForward fwd = new FixedForward(net);
                if (!fwd.grouped()) {
                    continue;
                }
                grouped += fwd.batched() ? 1 : 0;
                List<long[]> raws = new ArrayList<>();
                for (int i = 0, n = 1 + (int) (seed % 5); i < n; i++) {
                    long[] r = new long[net.input().size()];
                    for (int j = 0; j < r.length; j++) {
                        r[j] = c.raw(net.inputType()).longValueExact();
                    }
                    raws.add(r);
                }
                List<Values> got = fwd.outputsBatch(raws);
                for (int i = 0; i < raws.size(); i++) {
                    Values want = fwd.outputs(raws.get(i));
                    for (int j = 0; j < want.size(); j++) {
                        assertEquals(want.big(j), got.get(i).big(j), "seed " + seed + ", " + Parallel.threads() + " threads, sample "
                                + i + " [" + j + "]");
                    }
                }
            }
        } finally {
            Parallel.setThreads(threads);
        }
        assertTrue(grouped > 10, grouped + " networks through the group forward");
    }
}
