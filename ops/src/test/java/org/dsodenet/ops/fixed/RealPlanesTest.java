package org.dsodenet.ops.fixed;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.ops.fixed.kernel.RawPlane;
import org.dsodenet.ops.fixed.kernel.Values;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.junit.jupiter.api.Test;

/**
 * Networks shaped like the demo's students, whose raws the count-free forward keeps on float or double planes
 * through ReLU, batch norm, ODE entries, f and Euler updates: convolutions whose accumulators keep every bit,
 * element-wise layers and ODE states of narrow (float) or medium (double) types that add or drop fractional bits,
 * in AP_RND_CONV and AP_TRN with AP_SAT and AP_SAT_SYM, and now and then a mode that no real plane takes, so planes
 * also begin and end in the middle of a network. The forward without counts gives the reference's raws.
 */
class RealPlanesTest {

    @Test
    void realPlanesThroughElementwiseLayersAndOdeStatesEqualReference() {
        int[] seen = new int[6]; // element-wise layers on floats, on doubles; ODE states on floats, doubles; longs
        qt().withExamples(scaled(400)).forAll(longs().all()).checkAssert(seed -> {
            RandomChain c = new RandomChain(new SplittableRandom(seed), false);
            QNetwork net = c.network();
            BigInteger[] x = new BigInteger[net.input().size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = c.raw(net.inputType());
            }
            String msg = "seed " + seed + ": " + RandomNets.describe(net);
            FixedForward fwd = new FixedForward(net);
            seen[0] += fwd.elementwiseOn(RawPlane.FLOATS);
            seen[1] += fwd.elementwiseOn(RawPlane.DOUBLES);
            seen[2] += fwd.statesOn(RawPlane.FLOATS);
            seen[3] += fwd.statesOn(RawPlane.DOUBLES);
            seen[4] += fwd.elementwiseOn(RawPlane.LONGS) + fwd.statesOn(RawPlane.LONGS);
            List<ReferenceForward.Layer> want = ReferenceForward.run(net, x);
            BigInteger[] last = want.get(want.size() - 1).values();
            long[] raws = new long[x.length];
            for (int i = 0; i < x.length; i++) {
                raws[i] = x[i].longValue();
            }
            Values got = fwd.outputs(raws);
            assertEquals(last.length, got.size(), msg);
            for (int j = 0; j < last.length; j++) {
                assertEquals(last[j], got.big(j), msg + " [" + j + "]");
            }
        });
        String counts = Arrays.toString(seen) + ": element-wise on floats, doubles; states on floats, doubles; on longs";
        assertTrue(seen[0] > 100 && seen[1] > 100 && seen[2] > 40 && seen[3] > 40 && seen[4] > 40, counts);
    }
}
