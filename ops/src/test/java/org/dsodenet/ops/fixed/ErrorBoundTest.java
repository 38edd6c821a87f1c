package org.dsodenet.ops.fixed;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QBatchNorm;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QGlobalAvgPool;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QOdeBlock;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.dsodenet.ops.fixed.model.QRelu;
import org.junit.jupiter.api.Test;

/**
 * The fixed forward's dequantized outputs stay within a bound derived from the types of the real-valued forward
 * with the same (dequantized) weights, on random networks whose integer bits are sized so that nothing overflows.
 *
 * <h2>Derivation</h2>
 * Write |·| for the largest absolute value over a layer's elements, x for fixed-point values, x* for real ones, and
 * e = |x - x*| for the error of a layer's input. An assignment into type T from a value with F_src fractional bits is
 * exact when F_T ≥ F_src; otherwise, when nothing overflows, it errs by q(T) &lt; LSB_T under AP_TRN and AP_TRN_ZERO
 * (truncation moves toward −∞ or 0 by less than one LSB) and by at most LSB_T/2 under the five rounding modes.
 * <ul>
 * <li>Multiply-accumulate (convolutions, linear), n terms per output, accumulator A, output O: the bias assignment
 *     errs by at most q_b = q(A; F_b); each of the n steps {@code acc = acc + x·w} adds an exact term and errs by
 *     at most q_s = q(A; F_x + F_w), so the accumulator differs from {@code b + Σ x·w} by at most q_b + n·q_s.
 *     Replacing x by x* changes {@code Σ x·w} by at most G·e with G = max over outputs of Σ|w| (padding only drops
 *     terms). The output assignment adds q(O; F_A): e_out = q(O; F_A) + q_b + n·q_s + G·e.</li>
 * <li>Batch norm: one exact affine map and one assignment: e_out = q(O; max(F_x + F_s, F_t)) + max|s|·e.</li>
 * <li>ReLU is 1-Lipschitz: e_out = q(O; F_x) + e.</li>
 * <li>Global average pool over P values with reciprocal r: the P accumulator steps err by P·q(A; F_x), the inputs by
 *     P·e, and {@code acc·r} is exact before its assignment: e_out = q(O; F_A + F_r) + r·(P·q(A; F_x) + P·e).</li>
 * <li>ODE block, state type S, step h: entry e_0 = e + q(S; F_x). At step k, f's input errs by
 *     max(e_k, q(S; F_h)) (the time value k·h is exact before its assignment to S); f's layers propagate this to
 *     e_f by the rules above; the update {@code z + f·h} is exact before its assignment:
 *     e_{k+1} = e_k + |h|·e_f + q(S; F_f + F_h).</li>
 * </ul>
 * Magnitudes propagate alongside (|x*| bounded by the same sums with e = 0), and every accumulator, output and state
 * type gets the integer bits to hold magnitude plus error, so the no-overflow premise holds by construction; the test
 * also asserts that no conversion overflowed. The real forward runs in doubles, so the comparison allows a relative
 * slack of 1e-9, far below every LSB used here.
 */
class ErrorBoundTest {
    private static final double SLACK = 1e-9;

    /** A signed type whose fraction and modes are drawn first; its integer bits follow from what it must hold. */
    static final class Slot {
        final int frac;
        final QuantMode quant;
        final OverflowMode overflow;
        final int satBits;
        double need;

        Slot(SplittableRandom r, int minFrac, int maxFrac) {
            frac = minFrac + r.nextInt(maxFrac - minFrac + 1);
            quant = QuantMode.fromIndex(r.nextInt(7));
            overflow = OverflowMode.fromIndex(r.nextInt(5));
            satBits = overflow == OverflowMode.AP_WRAP || overflow == OverflowMode.AP_WRAP_SM ? r.nextInt(3) : 0;
        }

        double lsb() {
            return Math.scalb(1.0, -frac);
        }

        /** Largest error of an assignment into this slot from a value with srcFrac fractional bits. */
        double q(int srcFrac) {
            return frac >= srcFrac ? 0 : quant.rounds() ? lsb() / 2 : lsb();
        }

        void hold(double magnitude) {
            need = Math.max(need, magnitude);
        }

        FixedType type() {
            // Smallest I with 2^(I-1) - LSB >= need, plus one bit against rounding in these double bounds.
            int i = Math.getExponent(need + lsb()) + 2 + 1;
            int w = Math.max(i + frac, satBits + 1);
            return new FixedType(true, w, w - frac, quant, overflow, satBits);
        }
    }

    /** Bound on magnitude m of the real values and on the error e of the fixed values. */
    record Bound(double m, double e) {}

    /** A layer whose types are still slots; propagate may run several times (ODE steps), slots keep the maximum. */
    interface Draft {
        Bound propagate(Bound in, int inFrac);

        int outFrac();

        QLayer build(FixedType inType);
    }

    /** A draft whose output goes through one slot, the one it widens to hold its bound. */
    abstract static class OutputDraft implements Draft {
        // assigned by each draft after its other draws, so the random layers stay those of their seeds
        Slot out;

        /** Widens the slot to hold magnitude {@code m} plus error {@code e} and returns that bound. */
        Bound held(double m, double e) {
            out.hold(m + e);
            return new Bound(m, e);
        }

        @Override
        public int outFrac() {
            return out.frac;
        }
    }

    private static double[] deq(long[] raws, FixedType t) {
        double[] out = new double[raws.length];
        for (int i = 0; i < raws.length; i++) {
            out[i] = Fx.toDouble(raws[i], t);
        }
        return out;
    }

    private static long[] raws(SplittableRandom r, FixedType t, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = t.minRaw() + r.nextLong(t.maxRaw() - t.minRaw() + 1);
        }
        return out;
    }

    private static FixedType constType(SplittableRandom r) {
        int w = 2 + r.nextInt(8);
        return FixedType.signed(w, r.nextInt(3));
    }

    /** Convolution (kind 0), depthwise (1), pointwise (2) or linear (3). */
    static final class Mac extends OutputDraft {
        final String name;
        final int kind;
        final Dims in;
        final int cout;
        final int k;
        final int stride;
        final int pad;
        final FixedType wt;
        final FixedType bt;
        final long[] w;
        final long[] b;
        final Slot acc;
        final int terms;

        Mac(SplittableRandom r, String name, int kind, Dims in, int k, int stride, int pad, int cout) {
            this.name = name;
            this.kind = kind;
            this.in = in;
            this.k = k;
            this.pad = pad;
            this.stride = stride;
            this.cout = cout;
            int cinPer = kind == 1 ? 1 : kind == 3 ? in.size() : in.c();
            this.terms = cinPer * k * k;
            this.wt = constType(r);
            this.bt = constType(r);
            this.w = raws(r, wt, cout * terms);
            this.b = r.nextBoolean() ? raws(r, bt, cout) : null;
            this.acc = new Slot(r, 0, 14);
            this.out = new Slot(r, 0, 12);
        }

        static Mac random(SplittableRandom r, String name, int kind, Dims in) {
            int k = kind <= 1 ? 1 + r.nextInt(3) : 1;
            int pad = kind <= 1 ? (in.h() < k || in.w() < k ? k - 1 : r.nextInt(k)) : 0;
            int stride = kind <= 1 ? 1 + r.nextInt(2) : 1;
            int cout = kind == 1 ? in.c() : 1 + r.nextInt(4);
            return new Mac(r, name, kind, in, k, stride, pad, cout);
        }

        Dims outDims() {
            if (kind == 3) {
                return new Dims(cout, 1, 1);
            }
            return new Dims(cout, (in.h() + 2 * pad - k) / stride + 1, (in.w() + 2 * pad - k) / stride + 1);
        }

        @Override
        public Bound propagate(Bound x, int inFrac) {
            double[] wd = deq(w, wt);
            double[] bd = b == null ? new double[cout] : deq(b, bt);
            double g = 0;
            double m = 0;
            for (int o = 0; o < cout; o++) {
                double go = 0;
                for (int i = o * terms; i < (o + 1) * terms; i++) {
                    go += Math.abs(wd[i]);
                }
                g = Math.max(g, go);
                m = Math.max(m, Math.abs(bd[o]) + go * x.m());
                acc.hold(Math.abs(bd[o]) + go * (x.m() + x.e()));
            }
            double qb = b == null ? 0 : acc.q(bt.fracBits());
            double qs = acc.q(inFrac + wt.fracBits());
            double eAcc = qb + terms * qs + g * x.e();
            acc.hold(acc.need + qb + terms * qs);
            double e = out.q(acc.frac) + eAcc;
            return held(m, e);
        }

        @Override
        public QLayer build(FixedType inType) {
            AccTypes t = new AccTypes(wt, bt, acc.type(), out.type());
            switch (kind) {
                case 0:
                    return new QConv2d(name, in.c(), cout, k, stride, pad, w, b, t);
                case 1:
                    return new QDepthwiseConv2d(name, in.c(), k, stride, pad, w, b, t);
                case 2:
                    return new QPointwiseConv2d(name, in.c(), cout, w, b, t);
                default:
                    return new QLinear(name, in.size(), cout, w, b, t);
            }
        }
    }

    static final class Norm extends OutputDraft {
        final String name;
        final int c;
        final FixedType st;
        final FixedType tt;
        final long[] s;
        final long[] t;

        Norm(SplittableRandom r, String name, int c) {
            this.name = name;
            this.c = c;
            this.st = constType(r);
            this.tt = constType(r);
            this.s = raws(r, st, c);
            this.t = raws(r, tt, c);
            this.out = new Slot(r, 0, 12);
        }

        @Override
        public Bound propagate(Bound x, int inFrac) {
            double[] sd = deq(s, st);
            double[] td = deq(t, tt);
            double smax = 0;
            double m = 0;
            for (int i = 0; i < c; i++) {
                smax = Math.max(smax, Math.abs(sd[i]));
                m = Math.max(m, Math.abs(sd[i]) * x.m() + Math.abs(td[i]));
            }
            double e = out.q(Math.max(inFrac + st.fracBits(), tt.fracBits())) + smax * x.e();
            return held(m, e);
        }

        @Override
        public QLayer build(FixedType inType) {
            return new QBatchNorm(name, c, s, t, st, tt, out.type());
        }
    }

    static final class Relu extends OutputDraft {
        final String name;

        Relu(SplittableRandom r, String name) {
            this.name = name;
            this.out = new Slot(r, 0, 12);
        }

        @Override
        public Bound propagate(Bound x, int inFrac) {
            double e = out.q(inFrac) + x.e();
            return held(x.m(), e);
        }

        @Override
        public QLayer build(FixedType inType) {
            return new QRelu(name, out.type());
        }
    }

    static final class Pool extends OutputDraft {
        final String name;
        final int plane;
        final Slot acc;
        final FixedType rt = FixedType.parse("ap_ufixed<8,0>");
        final long rRaw;

        Pool(SplittableRandom r, String name, Dims in) {
            this.name = name;
            this.plane = in.h() * in.w();
            this.acc = new Slot(r, 0, 12);
            this.out = new Slot(r, 0, 12);
            this.rRaw = Math.min(255, Math.round(256.0 / plane));
        }

        @Override
        public Bound propagate(Bound x, int inFrac) {
            double rv = Fx.toDouble(rRaw, rt);
            double qs = acc.q(inFrac);
            double eAcc = plane * qs + plane * x.e();
            acc.hold(plane * (x.m() + x.e()) + plane * qs);
            double m = rv * plane * x.m();
            double e = out.q(acc.frac + rt.fracBits()) + rv * eAcc;
            return held(m, e);
        }

        @Override
        public QLayer build(FixedType inType) {
            return new QGlobalAvgPool(name, acc.type(), rt, rRaw, out.type());
        }
    }

    static final class Ode implements Draft {
        final String name;
        final Slot state;
        final List<Draft> f = new ArrayList<>();
        final boolean time;
        final int steps;
        final FixedType ht;
        final long hRaw;

        Ode(SplittableRandom r, String name, Dims d, int[] counter) {
            this.name = name;
            this.state = new Slot(r, 0, 12);
            this.time = r.nextBoolean();
            this.steps = 1 + r.nextInt(4);
            int s = 1 + r.nextInt(3);
            this.ht = r.nextBoolean() ? FixedType.unsigned(1, 1 - s) : FixedType.unsigned(4, 0);
            this.hRaw = ht.width() == 1 ? 1 : 1 + r.nextInt(15);
            Dims fd = time ? new Dims(d.c() + 1, d.h(), d.w()) : d;
            int n = 1 + r.nextInt(2);
            for (int i = 0; i < n; i++) {
                boolean last = i == n - 1;
                String fn = name + "_f" + (counter[0]++);
                int pick = r.nextInt(4);
                if (last && fd.c() != d.c()) {
                    pick = 0;
                }
                switch (pick) {
                    case 0: {
                        int cout = last ? d.c() : 1 + r.nextInt(4);
                        Mac m = new Mac(r, fn, 2, fd, 1, 1, 0, cout);
                        f.add(m);
                        fd = m.outDims();
                        break;
                    }
                    case 1:
                        f.add(new Norm(r, fn, fd.c()));
                        break;
                    case 2:
                        f.add(new Relu(r, fn));
                        break;
                    default:
                        f.add(new Mac(r, fn, 1, fd, 3, 1, 1, fd.c())); // depthwise 3x3, half padding: same shape
                }
            }
        }

        @Override
        public Bound propagate(Bound x, int inFrac) {
            double h = Fx.toDouble(hRaw, ht);
            double m = x.m();
            double e = x.e() + state.q(inFrac);
            state.hold(m + e);
            double tmax = time ? (steps - 1) * h : 0;
            double qt = time ? state.q(ht.fracBits()) : 0;
            state.hold(tmax + qt);
            for (int k = 0; k < steps; k++) {
                Bound b = new Bound(Math.max(m, tmax), Math.max(e, qt));
                int frac = state.frac;
                for (Draft d : f) {
                    b = d.propagate(b, frac);
                    frac = d.outFrac();
                }
                m = m + h * b.m();
                e = e + h * b.e() + state.q(frac + ht.fracBits());
                state.hold(m + e);
            }
            return new Bound(m, e);
        }

        @Override
        public int outFrac() {
            return state.frac;
        }

        @Override
        public QLayer build(FixedType inType) {
            List<QLayer> layers = new ArrayList<>();
            FixedType t = state.type();
            for (Draft d : f) {
                QLayer l = d.build(t);
                layers.add(l);
                t = l.outputType();
            }
            return new QOdeBlock(name, layers, steps, ht, hRaw, state.type(), time);
        }
    }

    @Test
    void fixedOutputsStayWithinTheDerivedBound() {
        int[] lossy = new int[1];
        qt().withExamples(scaled(300)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            int inFrac = r.nextInt(8);
            FixedType inType = FixedType.signed(inFrac + 1 + r.nextInt(4), 0).withModes(QuantMode.AP_TRN,
                    OverflowMode.AP_WRAP, 0);
            inType = FixedType.signed(inType.width(), inType.width() - inFrac);
            Dims d = new Dims(1 + r.nextInt(3), 1 + r.nextInt(5), 1 + r.nextInt(5));
            Dims inDims = d;
            List<Draft> drafts = new ArrayList<>();
            int[] counter = {0};
            int n = 1 + r.nextInt(4);
            for (int i = 0; i < n; i++) {
                String name = "l" + i;
                int kind = r.nextInt(8);
                Draft draft;
                switch (kind) {
                    case 0: case 1: case 2: case 3:
                        draft = Mac.random(r, name, kind, d);
                        break;
                    case 4:
                        draft = new Norm(r, name, d.c());
                        break;
                    case 5:
                        draft = new Relu(r, name);
                        break;
                    case 6:
                        draft = new Pool(r, name, d);
                        break;
                    default:
                        draft = new Ode(r, name, d, counter);
                }
                drafts.add(draft);
                d = shapeAfter(draft, d);
            }
            // Propagate bounds (sizing every slot), then build the network with the sized types.
            double mIn = Math.scalb(1.0, inType.intBits() - 1);
            Bound b = new Bound(mIn, 0);
            int frac = inFrac;
            List<Double> errors = new ArrayList<>();
            for (Draft dr : drafts) {
                b = dr.propagate(b, frac);
                frac = dr.outFrac();
                errors.add(b.e());
            }
            List<QLayer> layers = new ArrayList<>();
            FixedType t = inType;
            for (Draft dr : drafts) {
                QLayer l = dr.build(t);
                layers.add(l);
                t = l.outputType();
            }
            QNetwork net = new QNetwork("n", inDims, inType, layers);
            long[] x = raws(r, inType, inDims.size());
            Trace trace = new FixedForward(net).run(x);
            String msg = "seed " + seed + ": " + RandomNets.describe(net);
            assertEquals(0, trace.stats().overflowed(), msg + ": types were sized not to overflow");
            List<double[]> real = DoubleForward.run(net, deq(x, inType));
            for (int i = 0; i < layers.size(); i++) {
                double[] got = trace.layers().get(i).values();
                double[] want = real.get(i);
                for (int j = 0; j < got.length; j++) {
                    double err = Math.abs(got[j] - want[j]);
                    assertTrue(err <= errors.get(i) + SLACK * (1 + Math.abs(want[j])),
                            msg + " @ " + layers.get(i).name() + "[" + j + "]: |" + got[j] + " - " + want[j] + "| = "
                                    + err + " > " + errors.get(i));
                    if (err > 0) {
                        lossy[0]++;
                    }
                }
            }
        });
        assertTrue(lossy[0] > 1000, "the networks must actually lose precision: " + lossy[0]);
    }

    private static Dims shapeAfter(Draft draft, Dims d) {
        if (draft instanceof Mac m) {
            return m.outDims();
        } else if (draft instanceof Pool) {
            return new Dims(d.c(), 1, 1);
        }
        return d;
    }
}
