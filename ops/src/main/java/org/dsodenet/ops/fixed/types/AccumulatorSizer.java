package org.dsodenet.ops.fixed.types;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.WideFx;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QGlobalAvgPool;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QOdeBlock;

/**
 * The narrowest signed accumulator that can never overflow and never drops a bit, for a layer's actual raw weights
 * and the full range of its input type.
 *
 * <p>LSB: the finer of the product's ({@code F_x + F_w}) and the bias's, so every assignment to the accumulator is
 * exact. Range: for output o the accumulator holds, after any prefix of its terms,
 * {@code b_o + Σ_{t in prefix} x_t·w_t}; with each {@code x_t} anywhere in {@code [x_min, x_max]} this lies in
 * {@code [b_o + Σ_t min(0, w_t·x_min, w_t·x_max), b_o + Σ_t max(0, w_t·x_min, w_t·x_max)]} (skipped padding taps
 * only drop terms). The type is the narrowest signed one holding the union of these intervals over all outputs.
 * Both bounds are reached by inputs at the ends of the input range, so one bit less overflows on some input.
 */
public final class AccumulatorSizer {
    private AccumulatorSizer() {}

    /**
     * The accumulator for a multiply-accumulate layer (convolutions, linear; for pooling see {@link #pool}) given its
     * input type; the type has the default modes AP_TRN and AP_WRAP, which never act on it.
     */
    public static FixedType accumulator(QMac layer, FixedType inType) {
        return mac(inType, layer.types(), layer.weights(), layer.bias(), layer.outputs());
    }

    /** The accumulator of a global average pool over an input of the given type and dimensions. */
    public static FixedType pool(FixedType inType, Dims in) {
        BigInteger n = BigInteger.valueOf((long) in.h() * in.w());
        BigInteger lo = n.multiply(WideFx.minRaw(inType).min(BigInteger.ZERO));
        BigInteger hi = n.multiply(WideFx.maxRaw(inType).max(BigInteger.ZERO));
        return holding(lo, hi, inType.fracBits());
    }

    /**
     * Accumulators for every layer of a network that has one (ODE function layers included), by layer name, using
     * each layer's actual input type.
     */
    public static Map<String, FixedType> forNetwork(QNetwork net) {
        Map<String, FixedType> out = new LinkedHashMap<>();
        walk(net.layers(), net.input(), net.inputType(), out);
        return out;
    }

    private static void walk(List<QLayer> layers, Dims d, FixedType t, Map<String, FixedType> out) {
        for (QLayer l : layers) {
            if (l instanceof QOdeBlock b) {
                walk(b.f(), b.timeChannel() ? new Dims(d.c() + 1, d.h(), d.w()) : d, b.stateType(), out);
            } else if (l instanceof QGlobalAvgPool) {
                out.put(l.name(), pool(t, d));
            } else if (l instanceof QMac m) {
                out.put(l.name(), accumulator(m, t));
            }
            d = l.outputDims(d);
            t = l.outputType();
        }
    }

    /** Weights grouped by output: {@code weights.length / outputs} consecutive raws per output. */
    private static FixedType mac(FixedType in, AccTypes types, long[] weights, long[] bias, int outputs) {
        FixedType prod = Fx.mulType(in, types.weight());
        int frac = Math.max(prod.fracBits(), bias != null ? types.bias().fracBits() : Integer.MIN_VALUE);
        int prodShift = frac - prod.fracBits();
        BigInteger xMin = WideFx.minRaw(in);
        BigInteger xMax = WideFx.maxRaw(in);
        int per = weights.length / outputs;
        BigInteger lo = BigInteger.ZERO;
        BigInteger hi = BigInteger.ZERO;
        for (int o = 0; o < outputs; o++) {
            BigInteger down = bias == null ? BigInteger.ZERO
                    : Fx.toBig(bias[o], types.bias()).shiftLeft(frac - types.bias().fracBits());
            BigInteger up = down;
            for (int i = o * per; i < (o + 1) * per; i++) {
                BigInteger w = Fx.toBig(weights[i], types.weight());
                BigInteger a = w.multiply(xMin);
                BigInteger b = w.multiply(xMax);
                down = down.add(a.min(b).min(BigInteger.ZERO).shiftLeft(prodShift));
                up = up.add(a.max(b).max(BigInteger.ZERO).shiftLeft(prodShift));
            }
            lo = lo.min(down);
            hi = hi.max(up);
        }
        return holding(lo, hi, frac);
    }

    /** The narrowest {@code ap_fixed} with {@code frac} fractional bits whose raw range contains [lo, hi]. */
    static FixedType holding(BigInteger lo, BigInteger hi, int frac) {
        // A signed W-bit raw holds [-2^(W-1), 2^(W-1) - 1]: W - 1 must cover hi's bit length and (-lo - 1)'s.
        int w = 1 + Math.max(hi.bitLength(), lo.negate().subtract(BigInteger.ONE).max(BigInteger.ZERO).bitLength());
        if (w > FixedType.MAX_WIDTH) {
            throw new IllegalArgumentException("an exact accumulator would need " + w + " bits, more than "
                    + FixedType.MAX_WIDTH);
        }
        return FixedType.signed(w, w - frac);
    }
}
