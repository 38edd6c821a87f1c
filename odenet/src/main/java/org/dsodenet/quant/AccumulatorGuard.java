package org.dsodenet.quant;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QOdeBlock;
import org.dsodenet.ops.fixed.types.AccumulatorSizer;

/**
 * Keeps the promise of {@link AccumulatorSizer} under frozen types: the accumulators were sized for the weights the
 * network was quantized with, so new weights could need one more integer bit. The guard finds, per output (one
 * weight row and its bias), the raws whose worst-case sum over the input type's range would not fit the frozen
 * accumulator's integer bits.
 */
final class AccumulatorGuard {
    private record Mac(FixedType input, AccTypes frozen) {}

    /** The raws of one layer's weights and bias. */
    private record Raws(long[] weights, long[] bias) {
        boolean sameAs(QMac l) {
            return Arrays.equals(weights, l.weights()) && Arrays.equals(bias, l.bias());
        }
    }

    private final Map<String, Mac> macs = new LinkedHashMap<>();
    /**
     * Per layer, the last raws found to fit: a QAT step changes few raws, and the bound is a function of the raws,
     * so a layer whose raws did not change needs no new bound.
     */
    private final Map<String, Raws> fitting = new HashMap<>();

    AccumulatorGuard(QNetwork frozen) {
        walk(frozen.layers(), frozen.inputType());
    }

    private void walk(List<QLayer> layers, FixedType in) {
        FixedType t = in;
        for (QLayer l : layers) {
            if (l instanceof QOdeBlock b) {
                walk(b.f(), b.stateType());
            } else if (l instanceof QMac m) {
                macs.put(l.name(), new Mac(t, m.types()));
            }
            t = l.outputType();
        }
    }

    /** For every multiply-accumulate layer of {@code net} that would overflow, the outputs that do not fit. */
    Map<String, int[]> overflowing(QNetwork net) {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (QLayer l : QNetwork.flatten(net.layers())) {
            Mac m = macs.get(l.name());
            if (m == null) {
                continue;
            }
            if (!(l instanceof QMac mac) || !mac.types().equals(m.frozen)) {
                throw new IllegalArgumentException(l.name() + ": types differ from the frozen network's");
            }
            Raws known = fitting.get(l.name());
            if (known != null && known.sameAs(mac)) {
                continue;
            }
            int[] rows = AccumulatorRows.overflowing(mac, m.input, m.frozen.acc());
            if (rows.length == 0) {
                fitting.put(l.name(), new Raws(mac.weights().clone(), mac.bias() == null ? null : mac.bias().clone()));
            } else {
                out.put(l.name(), rows);
            }
        }
        return out;
    }
}
