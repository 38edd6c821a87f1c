package org.dsodenet.ops.fixed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.WideFx;
import org.dsodenet.ops.fixed.kernel.Values;
import org.dsodenet.ops.fixed.model.QNetwork;

/** Inputs at the edges of a type, and the raw-for-raw check of a one-layer network's count-free forward. */
final class OneLayerCheck {
    private OneLayerCheck() {}

    /** {@code n} raws of {@code t}: random, all the most negative, or the two ends of the range at random. */
    static BigInteger[] edgeInput(RandomNets r, FixedType t, int n) {
        SplittableRandom rnd = r.rnd;
        BigInteger[] x = new BigInteger[n];
        int how = rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            x[i] = how == 0 ? r.rawBig(t) : how == 1 || rnd.nextBoolean() ? WideFx.minRaw(t) : WideFx.maxRaw(t);
        }
        return x;
    }

    /** The count-free forward's raws equal the reference's and run's; returns the reference layer. */
    static ReferenceForward.Layer assertOutputs(QNetwork net, BigInteger[] x, String msg) {
        long[] raws = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            raws[i] = x[i].longValue();
        }
        FixedForward fwd = new FixedForward(net);
        ReferenceForward.Layer want = ReferenceForward.run(net, x).get(0);
        Values got = fwd.outputs(raws);
        LayerTrace ran = fwd.run(raws).output();
        for (int j = 0; j < want.values().length; j++) {
            assertEquals(want.values()[j], got.big(j), msg + " [" + j + "]");
            assertEquals(want.values()[j], ran.rawBig(j), msg + " [" + j + "] run");
        }
        return want;
    }
}
