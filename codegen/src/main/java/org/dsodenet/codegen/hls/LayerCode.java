package org.dsodenet.codegen.hls;

import java.util.ArrayList;
import java.util.List;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QBatchNorm;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QGlobalAvgPool;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QLayerVisitor;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.model.QOdeBlock;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.dsodenet.ops.fixed.model.QRelu;

/**
 * The per-layer glue of the generated top function: a configuration struct for the kernel template in
 * hls-templates, the on-chip parameter arrays, and the kernel call. The kernels themselves are never generated.
 */
final class LayerCode {
    /**
     * A constant array that lives on chip, filled from ROM or from the run-time parameter port. {@code banks} is how
     * many values one pipelined iteration of its kernel reads at once (the unrolled reduction); the array is split
     * cyclically into that many banks so the reads do not queue on one memory port. 1 means no partitioning.
     */
    record Param(String cName, String cType, FixedType type, long[] raws, int banks) {
        Param(String cName, String cType, FixedType type, long[] raws) {
            this(cName, cType, type, raws, 1);
        }
    }

    final StringBuilder configs = new StringBuilder();
    final List<Param> params = new ArrayList<>();
    private final StringBuilder body = new StringBuilder();
    private final CIdentifiers ids;

    LayerCode(CIdentifiers ids) {
        this.ids = ids;
    }

    String body() {
        return body.toString();
    }

    /** A value flowing between layers: the buffer name and its element type's C name. */
    record Buffer(String name, String cType, Dims dims) {}

    /** Emits the layers in order, each reading the previous buffer; returns the last buffer. */
    Buffer emit(List<QLayer> layers, Buffer in, String indent, String stepVar) {
        Buffer cur = in;
        for (QLayer layer : layers) {
            cur = emit(layer, cur, indent, stepVar);
        }
        return cur;
    }

    private Buffer emit(QLayer layer, Buffer in, String ind, String stepVar) {
        String id = ids.of(layer.name());
        String cfg = id + "_config";
        Dims out = layer.outputDims(in.dims());
        Buffer result = new Buffer(id + "_out", cfg + "::out_t", out);
        String trace = ind + "DSODENET_TRACE(\"" + id + "\", " + stepVar + ", " + result.name + ", " + out.size() + ");\n";
        return layer.accept(new QLayerVisitor<Buffer>() {
            @Override
            public Buffer conv(QConv2d c) {
                return mac(c, "standard convolution",
                        dims("c_in", c.cIn(), "c_out", c.cOut(), "h_in", in.dims().h(), "w_in", in.dims().w(),
                                "h_out", out.h(), "w_out", out.w(), "k", c.k(), "stride", c.stride(), "pad", c.pad(),
                                "ii", 1),
                        c.cIn() * c.k() * c.k(), "conv2d");
            }

            @Override
            public Buffer depthwise(QDepthwiseConv2d c) {
                return mac(c, "depthwise convolution",
                        dims("channels", c.channels(), "h_in", in.dims().h(), "w_in", in.dims().w(), "h_out", out.h(),
                                "w_out", out.w(), "k", c.k(), "stride", c.stride(), "pad", c.pad(), "ii", 1),
                        c.k() * c.k(), "depthwise_conv2d");
            }

            @Override
            public Buffer pointwise(QPointwiseConv2d c) {
                return mac(c, "pointwise convolution",
                        dims("c_in", c.cIn(), "c_out", c.cOut(), "h", out.h(), "w", out.w(), "ii", 1), c.cIn(),
                        "pointwise_conv2d");
            }

            @Override
            public Buffer linear(QLinear l) {
                // outputDims above has checked that the input has l.in() features
                return mac(l, "linear", dims("n_in", l.in(), "n_out", l.out()), 1, "linear");
            }

            /** Config struct, weight and bias arrays (banks: values one iteration reads) and the kernel call. */
            private Buffer mac(QMac c, String what, String dims, int banks, String kernel) {
                AccTypes t = c.types();
                config(cfg, what + " " + quote(layer.name()), dims, c.bias() != null,
                        types(t.weight(), t.bias(), t.acc(), t.output()));
                macParams(id, cfg, c.weights(), c.bias(), c.outputs(), t.weight(), t.bias(), banks);
                buffer(ind, result);
                call(ind, kernel, in, cfg, result.name, id + "_w", id + "_b");
                return done(result, trace);
            }

            @Override
            public Buffer batchNorm(QBatchNorm b) {
                config(cfg, "batch norm " + quote(layer.name()), dims("channels", b.channels(), "h", out.h(), "w", out.w()),
                        null, "    typedef " + b.scaleType() + " scale_t;\n    typedef " + b.shiftType() + " shift_t;\n"
                                + "    typedef " + b.outputType() + " out_t;\n");
                params.add(new Param(id + "_scale", cfg + "::scale_t", b.scaleType(), b.scale()));
                params.add(new Param(id + "_shift", cfg + "::shift_t", b.shiftType(), b.shift()));
                buffer(ind, result);
                call(ind, "batchnorm", in, cfg, result.name, id + "_scale", id + "_shift");
                return done(result, trace);
            }

            @Override
            public Buffer relu(QRelu r) {
                config(cfg, "ReLU " + quote(layer.name()), dims("size", out.size()), null,
                        "    typedef " + r.outputType() + " out_t;\n");
                buffer(ind, result);
                call(ind, "relu", in, cfg, result.name);
                return done(result, trace);
            }

            @Override
            public Buffer pool(QGlobalAvgPool g) {
                config(cfg, "global average pooling " + quote(layer.name()),
                        dims("channels", in.dims().c(), "h", in.dims().h(), "w", in.dims().w()), null,
                        "    typedef " + g.accType() + " acc_t;\n    typedef " + g.recipType() + " recip_t;\n"
                                + "    typedef " + g.outputType() + " out_t;\n");
                params.add(new Param(id + "_recip", cfg + "::recip_t", g.recipType(), new long[] {g.recipRaw()}));
                buffer(ind, result);
                call(ind, "global_avg_pool", in, cfg, result.name, id + "_recip[0]");
                return done(result, trace);
            }

            @Override
            public Buffer ode(QOdeBlock o) {
                if (!stepVar.equals("-1")) {
                    throw new IllegalArgumentException(layer.name() + ": ODE blocks inside an ODE function are not supported");
                }
                return LayerCode.this.ode(o, id, cfg, in, ind);
            }
        });
    }

    private Buffer done(Buffer result, String trace) {
        body.append(trace);
        return result;
    }

    private Buffer ode(QOdeBlock o, String id, String cfg, Buffer in, String ind) {
        Dims d = in.dims();
        int plane = d.h() * d.w();
        configs.append("// ODE block ").append(quote(o.name())).append(": ").append(o.steps())
                .append(" explicit Euler steps, one set of weights for f\n")
                .append("struct ").append(cfg).append(" {\n")
                .append("    static const unsigned size = ").append(d.size()).append(";\n")
                .append("    static const unsigned plane = ").append(plane).append(";\n")
                .append("    static const unsigned f_in_size = ").append(d.size() + (o.timeChannel() ? plane : 0)).append(";\n")
                .append("    static const unsigned steps = ").append(o.steps()).append(";\n")
                .append("    static const bool time_channel = ").append(o.timeChannel()).append(";\n")
                .append("    typedef ").append(o.stateType()).append(" state_t;\n")
                .append("    typedef ").append(o.hType()).append(" h_t;\n")
                .append("};\n\n");
        params.add(new Param(id + "_h", cfg + "::h_t", o.hType(), new long[] {o.hRaw()}));
        String z = id + "_z";
        String fin = id + "_fin";
        String k = id + "_k";
        body.append(ind).append("// ").append(quote(o.name())).append(": z = state_t(x); then z = z + f(z, t) * h per step,\n")
                .append(ind).append("// with f's weights held once on chip and reused at every step.\n")
                .append(ind).append(cfg).append("::state_t ").append(z).append("[").append(cfg).append("::size];\n")
                .append(ind).append(cfg).append("::state_t ").append(fin).append("[").append(cfg).append("::f_in_size];\n")
                .append(ind).append("dsodenet::ode_enter<").append(in.cType()).append(", ").append(cfg).append("::state_t, ")
                .append(cfg).append("::size>(").append(in.name()).append(", ").append(z).append(");\n")
                .append(ind).append(id).append("_steps:\n")
                .append(ind).append("for (unsigned ").append(k).append(" = 0; ").append(k).append(" < ").append(cfg)
                .append("::steps; ").append(k).append("++) {\n");
        String in2 = ind + "    ";
        // t_k = ap_uint<32>(k) * h is computed inside ode_f_input, as in the Java forward.
        body.append(in2).append("dsodenet::ode_f_input<").append(cfg).append("::state_t, ").append(cfg).append("::h_t, ")
                .append(cfg).append("::size, ").append(cfg).append("::plane, ").append(cfg).append("::time_channel>(")
                .append(z).append(", ").append(fin).append(", ").append(k).append(", ").append(id).append("_h[0]);\n");
        Dims fd = o.timeChannel() ? new Dims(d.c() + 1, d.h(), d.w()) : d;
        Buffer fout = emit(o.f(), new Buffer(fin, cfg + "::state_t", fd), in2, "(int)" + k);
        body.append(in2).append("dsodenet::euler_update<").append(cfg).append("::state_t, ").append(fout.cType())
                .append(", ").append(cfg).append("::h_t, ").append(cfg).append("::size>(").append(z).append(", ")
                .append(fout.name()).append(", ").append(id).append("_h[0]);\n")
                .append(in2).append("DSODENET_TRACE(\"").append(id).append("\", (int)").append(k).append(", ").append(z)
                .append(", ").append(d.size()).append(");\n")
                .append(ind).append("}\n");
        return new Buffer(z, cfg + "::state_t", d);
    }

    private void config(String cfg, String what, String dims, Boolean hasBias, String types) {
        configs.append("// ").append(what).append("\n").append("struct ").append(cfg).append(" {\n").append(dims);
        if (hasBias != null) {
            configs.append("    static const bool has_bias = ").append(hasBias).append(";\n");
        }
        configs.append(types).append("};\n\n");
    }

    private static String dims(Object... kv) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            sb.append("    static const unsigned ").append(kv[i]).append(" = ").append(kv[i + 1]).append(";\n");
        }
        return sb.toString();
    }

    private static String types(FixedType w, FixedType b, FixedType acc, FixedType out) {
        return "    typedef " + w + " weight_t;\n    typedef " + b + " bias_t;\n    typedef " + acc + " acc_t;\n"
                + "    typedef " + out + " out_t;\n";
    }

    private void macParams(String id, String cfg, long[] w, long[] b, int nBias, FixedType wt, FixedType bt, int banks) {
        params.add(new Param(id + "_w", cfg + "::weight_t", wt, w, banks));
        // Without a bias the kernel never reads the array; it still needs one to bind the argument.
        params.add(new Param(id + "_b", cfg + "::bias_t", bt, b != null ? b : new long[nBias]));
    }

    private void buffer(String ind, Buffer b) {
        body.append(ind).append(b.cType()).append(' ').append(b.name()).append('[').append(b.dims().size()).append("];\n");
    }

    private void call(String ind, String kernel, Buffer in, String cfg, String... args) {
        body.append(ind).append("dsodenet::").append(kernel).append('<').append(in.cType()).append(", ").append(cfg)
                .append(">(").append(in.name());
        for (String a : args) {
            body.append(", ").append(a);
        }
        body.append(");\n");
    }

    /** A model name inside a C comment: no comment terminators or line breaks. */
    static String quote(String name) {
        return "'" + name.replace("*/", "* /").replace("/*", "/ *").replaceAll("[\\r\\n]", " ").strip() + "'";
    }
}
