package org.dsodenet.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.layer.Sequential;
import org.junit.jupiter.api.Test;

/** The guard remembers raws that fit, so that a QAT step re-bounds only the layers whose raws changed. */
class AccumulatorGuardTest {
    @Test
    void aLayerWhoseRawsChangedIsBoundedAgainAfterItsOldRawsFit() {
        TinyQuant.Ptq q = TinyQuant.ptq(OdeNetModel.create(TinyQuant.config(false), 2), Precision.parse("6,8,8"),
                TinyQuant.data(24, 1));
        AccumulatorGuard guard = new AccumulatorGuard(q.net());
        assertTrue(guard.overflowing(q.net()).isEmpty(), "the quantizer sized the accumulators for these raws");

        // every weight at its type's largest value: far beyond what the accumulators were sized for
        Sequential grown = Folding.copy(q.folded());
        WeightSlots.of(grown, q.net()).forEach(s -> Arrays.fill(s.param().value(), (float) s.type().maxValue()));
        QNetwork big = Quantizer.requantize(q.net(), grown);
        Map<String, int[]> fresh = new AccumulatorGuard(q.net()).overflowing(big);
        assertFalse(fresh.isEmpty());

        Map<String, int[]> seen = guard.overflowing(big);
        assertEquals(fresh.keySet(), seen.keySet());
        fresh.forEach((name, rows) -> assertArrayEquals(rows, seen.get(name), name));
        assertTrue(guard.overflowing(q.net()).isEmpty(), "the raws that fit still fit");
    }
}
