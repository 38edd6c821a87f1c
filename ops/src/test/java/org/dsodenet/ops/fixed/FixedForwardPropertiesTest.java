package org.dsodenet.ops.fixed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.List;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.junit.jupiter.api.Test;

/** The planned forward equals the scalar reference bit for bit, with equal conversion counts, on random networks. */
class FixedForwardPropertiesTest {

    /** Counts that show the random networks exercise what they should, summed over all examples of a property. */
    private static final class Coverage {
        long wrapped;
        long saturated;
        long quantized;
        long wideLayers;
        long fastLayers;
    }

    private static void check(long seed, double wideChance, int maxLayers, Coverage cov) {
        RandomNets r = new RandomNets(seed, wideChance);
        QNetwork net = r.network(maxLayers);
        BigInteger[] x = r.input(net);
        String msg = "seed " + seed + ": " + RandomNets.describe(net);
        FixedForward fwd = new FixedForward(net, true);
        Trace got = net.inputType().isFast() ? fwd.run(raws(x)) : fwd.run(x);
        List<ReferenceForward.Layer> want = ReferenceForward.run(net, x);
        assertEquals(want.size(), got.layers().size(), msg);
        for (int i = 0; i < want.size(); i++) {
            compare(want.get(i), got.layers().get(i), msg);
        }
        FixedStats total = got.stats();
        cov.wrapped += total.wrapped;
        cov.saturated += total.saturated;
        cov.quantized += total.quantized;
        int wide = fwd.wideLayers().size();
        cov.wideLayers += wide;
        cov.fastLayers += QNetwork.flatten(net.layers()).size() - wide;
    }

    private static long[] raws(BigInteger[] x) {
        long[] out = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].longValue();
        }
        return out;
    }

    private static void compare(ReferenceForward.Layer want, LayerTrace got, String msg) {
        String where = msg + " @ " + want.name();
        assertEquals(want.name(), got.name(), where);
        assertEquals(want.type(), got.type(), where);
        assertEquals(want.values().length, got.size(), where);
        for (int j = 0; j < want.values().length; j++) {
            assertEquals(want.values()[j], got.rawBig(j), where + "[" + j + "]");
        }
        assertEquals(want.acc(), got.accStats(), where + " accumulator counts");
        assertEquals(want.out(), got.outStats(), where + " output counts");
        assertEquals(want.steps().size(), got.steps().size(), where);
        for (int s = 0; s < want.steps().size(); s++) {
            ReferenceForward.Step ws = want.steps().get(s);
            StepTrace gs = got.steps().get(s);
            assertEquals(s, gs.step());
            for (int j = 0; j < ws.state().length; j++) {
                assertEquals(ws.state()[j], gs.rawBig(j), where + " step " + s + " state[" + j + "]");
            }
            assertEquals(ws.update(), gs.updateStats(), where + " step " + s + " update counts");
            assertEquals(ws.f().size(), gs.f().size());
            for (int l = 0; l < ws.f().size(); l++) {
                compare(ws.f().get(l), gs.f().get(l), msg + " step " + s);
            }
        }
    }

    @Test
    void fastNetworksEqualReference() {
        Coverage cov = new Coverage();
        qt().withExamples(400).forAll(longs().all()).checkAssert(seed -> check(seed, 0, 4, cov));
        // The generator must reach every event the forward counts, and mostly the fast path.
        assertTrue(cov.wrapped > 0 && cov.saturated > 0 && cov.quantized > 0, "events reached");
        assertTrue(cov.fastLayers > 4 * cov.wideLayers, cov.fastLayers + " fast vs " + cov.wideLayers + " wide");
    }

    @Test
    void wideNetworksEqualReference() {
        Coverage cov = new Coverage();
        qt().withExamples(150).forAll(longs().all()).checkAssert(seed -> check(seed, 0.4, 3, cov));
        assertTrue(cov.wideLayers > 50, cov.wideLayers + " wide layers");
    }

    @Test
    void batchEqualsOneByOneInOrder() {
        qt().withExamples(30).forAll(longs().all()).checkAssert(seed -> {
            RandomNets r = new RandomNets(seed, 0);
            QNetwork net = r.network(3);
            FixedForward fwd = new FixedForward(net);
            java.util.List<long[]> inputs = new java.util.ArrayList<>();
            for (int i = 0; i < 9; i++) {
                inputs.add(raws(r.input(net)));
            }
            List<Trace> batch = fwd.runBatch(inputs);
            assertEquals(inputs.size(), batch.size());
            for (int i = 0; i < inputs.size(); i++) {
                Trace one = fwd.run(inputs.get(i));
                assertArrayEquals(one.output().raws(), batch.get(i).output().raws(), "sample " + i);
                assertEquals(one.stats(), batch.get(i).stats(), "sample " + i);
            }
            assertFalse(batch.isEmpty());
        });
    }
}
