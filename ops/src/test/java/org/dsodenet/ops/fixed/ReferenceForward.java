package org.dsodenet.ops.fixed;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.WideFx;
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

/**
 * The slow scalar reference: every layer written as the nested loops of its model Javadoc, one output value at a
 * time, each operation through the fixedpoint scalar API ({@link WideFx#mul}, {@link WideFx#add}, {@link WideFx#cast}
 * with the operator result types of {@link Fx#mulType} and {@link Fx#addType}). It shares no code with the kernels.
 */
final class ReferenceForward {
    private ReferenceForward() {}

    record Layer(String name, FixedType type, BigInteger[] values, FixedStats acc, FixedStats out, List<Step> steps) {}

    record Step(BigInteger[] state, FixedStats update, List<Layer> f) {}

    static List<Layer> run(QNetwork net, BigInteger[] x) {
        return run(net.layers(), net.input(), net.inputType(), x);
    }

    private static List<Layer> run(List<QLayer> layers, Dims d, FixedType t, BigInteger[] x) {
        List<Layer> out = new ArrayList<>();
        for (QLayer l : layers) {
            Layer r = layer(l, d, t, x);
            out.add(r);
            d = l.outputDims(d);
            t = l.outputType();
            x = r.values();
        }
        return out;
    }

    static Layer layer(QLayer l, Dims d, FixedType t, BigInteger[] x) {
        if (l instanceof QConv2d c) {
            return conv(c.name(), x, t, d, c.cOut(), c.k(), c.stride(), c.pad(), c.weights(), c.bias(), c.types(), false);
        } else if (l instanceof QDepthwiseConv2d c) {
            return conv(c.name(), x, t, d, c.channels(), c.k(), c.stride(), c.pad(), c.weights(), c.bias(), c.types(),
                    true);
        } else if (l instanceof QPointwiseConv2d c) {
            return pointwise(c, x, t, d);
        } else if (l instanceof QLinear c) {
            return linear(c, x, t);
        } else if (l instanceof QBatchNorm b) {
            return batchNorm(b, x, t, d);
        } else if (l instanceof QRelu r) {
            return relu(r, x, t);
        } else if (l instanceof QGlobalAvgPool p) {
            return pool(p, x, t, d);
        } else if (l instanceof QOdeBlock o) {
            return ode(o, x, t, d);
        }
        throw new AssertionError(l);
    }

    /** acc = acc + x * w, the product and sum at their exact operator types, then the assignment. */
    private static BigInteger mac(BigInteger acc, AccTypes ty, BigInteger x, FixedType xt, long w, FixedStats s) {
        BigInteger p = WideFx.mul(x, xt, Fx.toBig(w, ty.weight()), ty.weight());
        FixedType pt = Fx.mulType(xt, ty.weight());
        BigInteger sum = WideFx.add(acc, ty.acc(), p, pt);
        return WideFx.cast(sum, Fx.addType(ty.acc(), pt), ty.acc(), s);
    }

    private static BigInteger start(long[] bias, int o, AccTypes ty, FixedStats s) {
        return bias == null ? BigInteger.ZERO : WideFx.cast(Fx.toBig(bias[o], ty.bias()), ty.bias(), ty.acc(), s);
    }

    private static Layer conv(String name, BigInteger[] x, FixedType xt, Dims d, int cout, int k, int stride, int pad,
                              long[] wts, long[] bias, AccTypes ty, boolean depthwise) {
        int ho = (d.h() + 2 * pad - k) / stride + 1;
        int wo = (d.w() + 2 * pad - k) / stride + 1;
        BigInteger[] y = new BigInteger[cout * ho * wo];
        FixedStats as = new FixedStats();
        FixedStats os = new FixedStats();
        for (int oc = 0; oc < cout; oc++) {
            for (int oy = 0; oy < ho; oy++) {
                for (int ox = 0; ox < wo; ox++) {
                    BigInteger acc = start(bias, oc, ty, as);
                    // a depthwise output reads only its own input channel, with one k×k kernel per channel
                    int icFrom = depthwise ? oc : 0;
                    int icTo = depthwise ? oc + 1 : d.c();
                    for (int ic = icFrom; ic < icTo; ic++) {
                        int kernel = (depthwise ? oc : oc * d.c() + ic) * k * k;
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int iy = oy * stride + ky - pad;
                                int ix = ox * stride + kx - pad;
                                if (iy >= 0 && iy < d.h() && ix >= 0 && ix < d.w()) {
                                    acc = mac(acc, ty, x[(ic * d.h() + iy) * d.w() + ix], xt,
                                            wts[kernel + ky * k + kx], as);
                                }
                            }
                        }
                    }
                    y[(oc * ho + oy) * wo + ox] = WideFx.cast(acc, ty.acc(), ty.output(), os);
                }
            }
        }
        return new Layer(name, ty.output(), y, as, os, List.of());
    }

    private static Layer pointwise(QPointwiseConv2d c, BigInteger[] x, FixedType xt, Dims d) {
        int hw = d.h() * d.w();
        BigInteger[] y = new BigInteger[c.cOut() * hw];
        FixedStats as = new FixedStats();
        FixedStats os = new FixedStats();
        for (int oc = 0; oc < c.cOut(); oc++) {
            for (int p = 0; p < hw; p++) {
                BigInteger acc = start(c.bias(), oc, c.types(), as);
                for (int ic = 0; ic < c.cIn(); ic++) {
                    acc = mac(acc, c.types(), x[ic * hw + p], xt, c.weights()[oc * c.cIn() + ic], as);
                }
                y[oc * hw + p] = WideFx.cast(acc, c.types().acc(), c.types().output(), os);
            }
        }
        return new Layer(c.name(), c.types().output(), y, as, os, List.of());
    }

    private static Layer linear(QLinear c, BigInteger[] x, FixedType xt) {
        BigInteger[] y = new BigInteger[c.out()];
        FixedStats as = new FixedStats();
        FixedStats os = new FixedStats();
        for (int o = 0; o < c.out(); o++) {
            BigInteger acc = start(c.bias(), o, c.types(), as);
            for (int i = 0; i < c.in(); i++) {
                acc = mac(acc, c.types(), x[i], xt, c.weights()[o * c.in() + i], as);
            }
            y[o] = WideFx.cast(acc, c.types().acc(), c.types().output(), os);
        }
        return new Layer(c.name(), c.types().output(), y, as, os, List.of());
    }

    private static Layer batchNorm(QBatchNorm b, BigInteger[] x, FixedType xt, Dims d) {
        int hw = d.h() * d.w();
        BigInteger[] y = new BigInteger[x.length];
        FixedStats os = new FixedStats();
        FixedType pt = Fx.mulType(xt, b.scaleType());
        FixedType st = Fx.addType(pt, b.shiftType());
        for (int c = 0; c < d.c(); c++) {
            BigInteger scale = Fx.toBig(b.scale()[c], b.scaleType());
            BigInteger shift = Fx.toBig(b.shift()[c], b.shiftType());
            for (int p = 0; p < hw; p++) {
                BigInteger prod = WideFx.mul(x[c * hw + p], xt, scale, b.scaleType());
                BigInteger sum = WideFx.add(prod, pt, shift, b.shiftType());
                y[c * hw + p] = WideFx.cast(sum, st, b.outputType(), os);
            }
        }
        return new Layer(b.name(), b.outputType(), y, new FixedStats(), os, List.of());
    }

    private static Layer relu(QRelu r, BigInteger[] x, FixedType xt) {
        BigInteger[] y = new BigInteger[x.length];
        FixedStats os = new FixedStats();
        FixedType intType = FixedType.signed(32, 32); // the literal 0 of C++
        for (int i = 0; i < x.length; i++) {
            boolean positive = WideFx.compare(x[i], xt, BigInteger.ZERO, intType) > 0;
            y[i] = positive ? WideFx.cast(x[i], xt, r.outputType(), os)
                    : WideFx.cast(BigInteger.ZERO, intType, r.outputType(), os);
        }
        return new Layer(r.name(), r.outputType(), y, new FixedStats(), os, List.of());
    }

    private static Layer pool(QGlobalAvgPool p, BigInteger[] x, FixedType xt, Dims d) {
        int hw = d.h() * d.w();
        BigInteger[] y = new BigInteger[d.c()];
        FixedStats as = new FixedStats();
        FixedStats os = new FixedStats();
        FixedType sumType = Fx.addType(p.accType(), xt);
        BigInteger recip = Fx.toBig(p.recipRaw(), p.recipType());
        for (int c = 0; c < d.c(); c++) {
            BigInteger acc = BigInteger.ZERO;
            for (int yy = 0; yy < d.h(); yy++) {
                for (int xx = 0; xx < d.w(); xx++) {
                    BigInteger sum = WideFx.add(acc, p.accType(), x[(c * d.h() + yy) * d.w() + xx], xt);
                    acc = WideFx.cast(sum, sumType, p.accType(), as);
                }
            }
            BigInteger prod = WideFx.mul(acc, p.accType(), recip, p.recipType());
            y[c] = WideFx.cast(prod, Fx.mulType(p.accType(), p.recipType()), p.outputType(), os);
        }
        return new Layer(p.name(), p.outputType(), y, as, os, List.of());
    }

    private static Layer ode(QOdeBlock o, BigInteger[] x, FixedType xt, Dims d) {
        FixedType st = o.stateType();
        FixedStats enter = new FixedStats();
        BigInteger[] z = new BigInteger[x.length];
        for (int i = 0; i < x.length; i++) {
            z[i] = WideFx.cast(x[i], xt, st, enter);
        }
        FixedType kType = FixedType.unsigned(32, 32);
        BigInteger h = Fx.toBig(o.hRaw(), o.hType());
        List<Step> steps = new ArrayList<>();
        for (int k = 0; k < o.steps(); k++) {
            FixedStats upd = new FixedStats();
            BigInteger[] fin = z;
            Dims fd = d;
            if (o.timeChannel()) {
                BigInteger t = WideFx.cast(WideFx.mul(BigInteger.valueOf(k), kType, h, o.hType()),
                        Fx.mulType(kType, o.hType()), st, upd);
                fin = new BigInteger[z.length + d.h() * d.w()];
                for (int i = 0; i < fin.length; i++) {
                    fin[i] = i < z.length ? z[i] : t;
                }
                fd = new Dims(d.c() + 1, d.h(), d.w());
            }
            List<Layer> f = run(o.f(), fd, st, fin);
            Layer last = f.get(f.size() - 1);
            FixedType ft = last.type();
            FixedType pt = Fx.mulType(ft, o.hType());
            BigInteger[] next = new BigInteger[z.length];
            for (int i = 0; i < z.length; i++) {
                BigInteger prod = WideFx.mul(last.values()[i], ft, h, o.hType());
                next[i] = WideFx.cast(WideFx.add(z[i], st, prod, pt), Fx.addType(st, pt), st, upd);
            }
            z = next;
            steps.add(new Step(z, upd, f));
        }
        return new Layer(o.name(), st, z, new FixedStats(), enter, steps);
    }
}
