package org.dsodenet.quant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.types.AccumulatorSizer;

/**
 * Finds the multiply-accumulate layers whose capped accumulator ({@code W,A,S,ACC}) keeps fewer fractional bits
 * than the layer's output type: those output bits are then always zero, which costs accuracy the output width was
 * chosen to keep (a cap far too narrow drops the model to chance with no other sign).
 */
public final class AccumulatorCap {
    /** A layer whose accumulator is narrower than it needs: {@code needed} bits would keep the output's resolution. */
    public record Narrow(String layer, int width, int needed) {
        @Override
        public String toString() {
            return layer + " needs " + needed + " (has " + width + ")";
        }
    }

    private AccumulatorCap() {}

    public static List<Narrow> narrowerThanOutputs(QNetwork net) {
        Map<String, FixedType> exact = AccumulatorSizer.forNetwork(net);
        List<Narrow> out = new ArrayList<>();
        for (QLayer l : QNetwork.flatten(net.layers())) {
            AccTypes t = AccTypes.of(l);
            if (t == null) {
                continue;
            }
            // The exact accumulator bounds what any width could keep, so an uncapped layer is never reported.
            int frac = Math.min(t.output().fracBits(), exact.get(l.name()).fracBits());
            int needed = t.acc().intBits() + frac;
            if (t.acc().width() < needed) {
                out.add(new Narrow(l.name(), t.acc().width(), needed));
            }
        }
        return out;
    }
}
