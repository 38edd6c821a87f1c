package org.dsodenet.ops.fixed;

import java.util.ArrayList;
import java.util.List;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
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
 * The real-valued network (in doubles) with the same dequantized weights as a quantized one: no accumulator, output
 * or state types, so no rounding or overflow except double's own. Each top-level layer's output is returned.
 */
final class DoubleForward {
    private DoubleForward() {}

    static List<double[]> run(QNetwork net, double[] x) {
        return run(net.layers(), net.input(), x);
    }

    private static List<double[]> run(List<QLayer> layers, Dims d, double[] x) {
        List<double[]> out = new ArrayList<>();
        for (QLayer l : layers) {
            x = layer(l, d, x);
            out.add(x);
            d = l.outputDims(d);
        }
        return out;
    }

    private static double[] deq(long[] raws, FixedType t) {
        double[] out = new double[raws.length];
        for (int i = 0; i < raws.length; i++) {
            out[i] = Fx.toDouble(raws[i], t);
        }
        return out;
    }

    private static double[] layer(QLayer l, Dims d, double[] x) {
        if (l instanceof QConv2d c) {
            return conv(x, d, c.cOut(), c.k(), c.stride(), c.pad(), deq(c.weights(), c.types().weight()),
                    c.bias() == null ? null : deq(c.bias(), c.types().bias()), false);
        } else if (l instanceof QDepthwiseConv2d c) {
            return conv(x, d, c.channels(), c.k(), c.stride(), c.pad(), deq(c.weights(), c.types().weight()),
                    c.bias() == null ? null : deq(c.bias(), c.types().bias()), true);
        } else if (l instanceof QPointwiseConv2d c) {
            return conv(x, d, c.cOut(), 1, 1, 0, deq(c.weights(), c.types().weight()),
                    c.bias() == null ? null : deq(c.bias(), c.types().bias()), false);
        } else if (l instanceof QLinear c) {
            return conv(x, new Dims(d.size(), 1, 1), c.out(), 1, 1, 0, deq(c.weights(), c.types().weight()),
                    c.bias() == null ? null : deq(c.bias(), c.types().bias()), false);
        } else if (l instanceof QBatchNorm b) {
            double[] s = deq(b.scale(), b.scaleType());
            double[] t = deq(b.shift(), b.shiftType());
            int hw = d.h() * d.w();
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = x[i] * s[i / hw] + t[i / hw];
            }
            return y;
        } else if (l instanceof QRelu) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = Math.max(0, x[i]);
            }
            return y;
        } else if (l instanceof QGlobalAvgPool p) {
            double r = Fx.toDouble(p.recipRaw(), p.recipType());
            int hw = d.h() * d.w();
            double[] y = new double[d.c()];
            for (int i = 0; i < x.length; i++) {
                y[i / hw] += x[i];
            }
            for (int c = 0; c < y.length; c++) {
                y[c] *= r;
            }
            return y;
        } else if (l instanceof QOdeBlock o) {
            double h = Fx.toDouble(o.hRaw(), o.hType());
            double[] z = x.clone();
            Dims fd = o.timeChannel() ? new Dims(d.c() + 1, d.h(), d.w()) : d;
            for (int k = 0; k < o.steps(); k++) {
                double[] in = java.util.Arrays.copyOf(z, fd.size());
                for (int i = z.length; i < in.length; i++) {
                    in[i] = k * h;
                }
                List<double[]> f = run(o.f(), fd, in);
                double[] fo = f.get(f.size() - 1);
                for (int i = 0; i < z.length; i++) {
                    z[i] += h * fo[i];
                }
            }
            return z;
        }
        throw new AssertionError(l);
    }

    private static double[] conv(double[] x, Dims d, int cout, int k, int stride, int pad, double[] w, double[] b,
                                 boolean depthwise) {
        int ho = (d.h() + 2 * pad - k) / stride + 1;
        int wo = (d.w() + 2 * pad - k) / stride + 1;
        int cinPer = depthwise ? 1 : d.c();
        double[] y = new double[cout * ho * wo];
        for (int oc = 0; oc < cout; oc++) {
            for (int oy = 0; oy < ho; oy++) {
                for (int ox = 0; ox < wo; ox++) {
                    double s = b == null ? 0 : b[oc];
                    for (int j = 0; j < cinPer; j++) {
                        int ic = depthwise ? oc : j;
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int iy = oy * stride + ky - pad;
                                int ix = ox * stride + kx - pad;
                                if (iy >= 0 && iy < d.h() && ix >= 0 && ix < d.w()) {
                                    s += x[(ic * d.h() + iy) * d.w() + ix] * w[((oc * cinPer + j) * k + ky) * k + kx];
                                }
                            }
                        }
                    }
                    y[(oc * ho + oy) * wo + ox] = s;
                }
            }
        }
        return y;
    }
}
