package org.dsodenet.odenet.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.oracle.RawHex;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QBatchNorm;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QGlobalAvgPool;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QLayerVisitor;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QOdeBlock;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.dsodenet.ops.fixed.model.QRelu;

/**
 * JSON form of a quantized network: every layer with its kind, geometry, types (C++ spelling) and raw values as
 * hex bit patterns, so the file states exactly the bits the FPGA will hold. Reading re-validates everything through
 * the IR constructors.
 */
public final class QNetworkJson {
    private QNetworkJson() {}

    public static JsonObject toJson(QNetwork net) {
        JsonObject o = new JsonObject();
        o.addProperty("name", net.name());
        o.add("input", dims(net.input()));
        o.addProperty("inputType", net.inputType().toString());
        o.add("layers", layers(net.layers()));
        return o;
    }

    private static JsonArray layers(List<QLayer> layers) {
        JsonArray a = new JsonArray();
        for (QLayer l : layers) {
            a.add(layer(l));
        }
        return a;
    }

    private static JsonObject layer(QLayer l) {
        JsonObject o = new JsonObject();
        o.addProperty("name", l.name());
        l.accept(new QLayerVisitor<Void>() {
            @Override
            public Void conv(QConv2d c) {
                o.addProperty("kind", "conv2d");
                geometry(o, c.cIn(), c.cOut(), c.k(), c.stride(), c.pad());
                mac(o, c.types(), c.weights(), c.bias());
                return null;
            }

            @Override
            public Void depthwise(QDepthwiseConv2d c) {
                o.addProperty("kind", "depthwise");
                geometry(o, c.channels(), c.channels(), c.k(), c.stride(), c.pad());
                mac(o, c.types(), c.weights(), c.bias());
                return null;
            }

            @Override
            public Void pointwise(QPointwiseConv2d c) {
                o.addProperty("kind", "pointwise");
                geometry(o, c.cIn(), c.cOut(), 1, 1, 0);
                mac(o, c.types(), c.weights(), c.bias());
                return null;
            }

            @Override
            public Void linear(QLinear c) {
                o.addProperty("kind", "linear");
                o.addProperty("in", c.in());
                o.addProperty("out", c.out());
                mac(o, c.types(), c.weights(), c.bias());
                return null;
            }

            @Override
            public Void batchNorm(QBatchNorm b) {
                o.addProperty("kind", "batchnorm");
                o.addProperty("channels", b.channels());
                o.addProperty("scaleType", b.scaleType().toString());
                o.addProperty("shiftType", b.shiftType().toString());
                o.addProperty("outputType", b.outputType().toString());
                o.add("scale", raws(b.scale(), b.scaleType()));
                o.add("shift", raws(b.shift(), b.shiftType()));
                return null;
            }

            @Override
            public Void relu(QRelu r) {
                o.addProperty("kind", "relu");
                o.addProperty("outputType", r.outputType().toString());
                return null;
            }

            @Override
            public Void pool(QGlobalAvgPool g) {
                o.addProperty("kind", "gap");
                o.addProperty("accType", g.accType().toString());
                o.addProperty("recipType", g.recipType().toString());
                o.addProperty("recip", RawHex.format(g.recipRaw(), g.recipType()));
                o.addProperty("outputType", g.outputType().toString());
                return null;
            }

            @Override
            public Void ode(QOdeBlock b) {
                o.addProperty("kind", "ode");
                o.addProperty("steps", b.steps());
                o.addProperty("hType", b.hType().toString());
                o.addProperty("h", RawHex.format(b.hRaw(), b.hType()));
                o.addProperty("stateType", b.stateType().toString());
                o.addProperty("timeChannel", b.timeChannel());
                o.add("f", layers(b.f()));
                return null;
            }
        });
        return o;
    }

    private static void geometry(JsonObject o, int cIn, int cOut, int k, int stride, int pad) {
        o.addProperty("cIn", cIn);
        o.addProperty("cOut", cOut);
        o.addProperty("k", k);
        o.addProperty("stride", stride);
        o.addProperty("pad", pad);
    }

    private static void mac(JsonObject o, AccTypes t, long[] w, long[] b) {
        o.addProperty("weightType", t.weight().toString());
        o.addProperty("biasType", t.bias().toString());
        o.addProperty("accType", t.acc().toString());
        o.addProperty("outputType", t.output().toString());
        o.add("weights", raws(w, t.weight()));
        if (b != null) {
            o.add("bias", raws(b, t.bias()));
        }
    }

    private static JsonArray raws(long[] v, FixedType t) {
        JsonArray a = new JsonArray(v.length);
        for (long x : v) {
            a.add(RawHex.format(x, t));
        }
        return a;
    }

    private static JsonArray dims(Dims d) {
        JsonArray a = new JsonArray();
        a.add(d.c());
        a.add(d.h());
        a.add(d.w());
        return a;
    }

    public static QNetwork fromJson(JsonObject o) {
        try {
            JsonArray in = o.getAsJsonArray("input");
            return new QNetwork(str(o, "name"), new Dims(in.get(0).getAsInt(), in.get(1).getAsInt(), in.get(2).getAsInt()),
                    type(o, "inputType"), readLayers(o.getAsJsonArray("layers")));
        } catch (NullPointerException | ClassCastException | IllegalStateException | IndexOutOfBoundsException
                 | UnsupportedOperationException | NumberFormatException e) {
            throw new IllegalArgumentException("quantized network: missing or malformed field (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static List<QLayer> readLayers(JsonArray a) {
        List<QLayer> out = new ArrayList<>();
        for (JsonElement e : a) {
            out.add(readLayer(e.getAsJsonObject()));
        }
        return out;
    }

    private static QLayer readLayer(JsonObject o) {
        String name = str(o, "name");
        String kind = str(o, "kind");
        switch (kind) {
            case "conv2d": {
                AccTypes t = accTypes(o);
                return new QConv2d(name, num(o, "cIn"), num(o, "cOut"), num(o, "k"), num(o, "stride"), num(o, "pad"),
                        raws(o, "weights", t.weight()), optRaws(o, "bias", t.bias()), t);
            }
            case "depthwise": {
                AccTypes t = accTypes(o);
                return new QDepthwiseConv2d(name, num(o, "cIn"), num(o, "k"), num(o, "stride"), num(o, "pad"),
                        raws(o, "weights", t.weight()), optRaws(o, "bias", t.bias()), t);
            }
            case "pointwise": {
                AccTypes t = accTypes(o);
                return new QPointwiseConv2d(name, num(o, "cIn"), num(o, "cOut"), raws(o, "weights", t.weight()),
                        optRaws(o, "bias", t.bias()), t);
            }
            case "linear": {
                AccTypes t = accTypes(o);
                return new QLinear(name, num(o, "in"), num(o, "out"), raws(o, "weights", t.weight()),
                        optRaws(o, "bias", t.bias()), t);
            }
            case "batchnorm": {
                FixedType st = type(o, "scaleType");
                FixedType sh = type(o, "shiftType");
                return new QBatchNorm(name, num(o, "channels"), raws(o, "scale", st), raws(o, "shift", sh), st, sh,
                        type(o, "outputType"));
            }
            case "relu":
                return new QRelu(name, type(o, "outputType"));
            case "gap": {
                FixedType rt = type(o, "recipType");
                return new QGlobalAvgPool(name, type(o, "accType"), rt, raw(str(o, "recip"), rt), type(o, "outputType"));
            }
            case "ode": {
                FixedType ht = type(o, "hType");
                return new QOdeBlock(name, readLayers(o.getAsJsonArray("f")), num(o, "steps"), ht, raw(str(o, "h"), ht),
                        type(o, "stateType"), o.get("timeChannel").getAsBoolean());
            }
            default:
                throw new IllegalArgumentException("quantized network: unknown layer kind '" + kind + "'");
        }
    }

    private static AccTypes accTypes(JsonObject o) {
        return new AccTypes(type(o, "weightType"), type(o, "biasType"), type(o, "accType"), type(o, "outputType"));
    }

    private static String str(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive()) {
            throw new IllegalArgumentException("quantized network: missing field '" + key + "'");
        }
        return e.getAsString();
    }

    private static int num(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null) {
            throw new IllegalArgumentException("quantized network: missing field '" + key + "'");
        }
        return e.getAsInt();
    }

    private static FixedType type(JsonObject o, String key) {
        return FixedType.parse(str(o, key));
    }

    private static long raw(String hex, FixedType t) {
        return RawHex.parse(hex, t).longValueExact();
    }

    private static long[] raws(JsonObject o, String key, FixedType t) {
        JsonArray a = o.getAsJsonArray(key);
        if (a == null) {
            throw new IllegalArgumentException("quantized network: missing field '" + key + "'");
        }
        long[] v = new long[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = raw(a.get(i).getAsString(), t);
        }
        return v;
    }

    private static long[] optRaws(JsonObject o, String key, FixedType t) {
        return o.has(key) ? raws(o, key, t) : null;
    }
}
