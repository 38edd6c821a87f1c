package org.dsodenet.ops.fixed;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.ops.fixed.kernel.Values;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.types.AccumulatorSizer;
import org.junit.jupiter.api.Test;

/**
 * Groups of images run layer by layer on tall planes ({@link TallForward}) give every image the reference forward's
 * output raws, in order, for batches of every size on one thread and on the pool: random networks of every layer
 * kind and mode (where the tall run ends at the first layer it cannot take), and demo-shaped chains on real planes
 * with 3×3 stride-2 downsampling between ODE blocks (gaps shrink with the planes); the tall run starts at a random
 * plane size, so layers before it run image by image.
 */
class TallForwardTest {

    @Test
    void randomNetworksInTallGroupsEqualReference() {
        int[] tall = new int[1];
        qt().withExamples(scaled(300)).forAll(longs().all()).checkAssert(seed -> {
            RandomNets r = new RandomNets(seed, 0);
            QNetwork net = r.network(6);
            List<BigInteger[]> images = new ArrayList<>();
            for (int i = 0, n = 1 + r.rnd.nextInt(11); i < n; i++) {
                images.add(r.input(net));
            }
            tall[0] += check(net, images, r.rnd.nextInt(40), "seed " + seed + ": " + RandomNets.describe(net));
        });
        assertTrue(tall[0] > 100, tall[0] + " networks ran tall layers");
    }

    @Test
    void demoShapedChainsInTallGroupsEqualReference() {
        int[] tall = new int[2];
        qt().withExamples(scaled(300)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            RealPlanesTest.Chain c = new RealPlanesTest.Chain(rnd);
            QNetwork net = downsampling(c, rnd);
            List<BigInteger[]> images = new ArrayList<>();
            for (int i = 0, n = 1 + rnd.nextInt(11); i < n; i++) {
                BigInteger[] x = new BigInteger[net.input().size()];
                for (int j = 0; j < x.length; j++) {
                    x[j] = c.raw(net.inputType());
                }
                images.add(x);
            }
            int size = net.input().h() * net.input().w();
            int maxPlane = rnd.nextBoolean() ? size : rnd.nextInt(size + 1);
            int ran = check(net, images, maxPlane, "seed " + seed + " max plane " + maxPlane + ": "
                    + RandomNets.describe(net));
            tall[0] += ran;
            tall[1] += ran > 0 && new FixedForward(net, false, maxPlane).tallStart() > 0 ? 1 : 0;
        });
        assertTrue(tall[0] > 150 && tall[1] > 50, tall[0] + " networks ran tall layers, " + tall[1]
                + " after layers image by image");
    }

    /**
     * Compares both batch calls with the reference, image by image, tall planes from the first layer whose planes
     * hold at most maxPlane values; returns 1 when a group ran tall layers.
     */
    private static int check(QNetwork net, List<BigInteger[]> images, int maxPlane, String msg) {
        FixedForward fwd = new FixedForward(net, false, maxPlane);
        List<long[]> raws = new ArrayList<>();
        List<BigInteger[]> want = new ArrayList<>();
        for (BigInteger[] x : images) {
            long[] r = new long[x.length];
            for (int i = 0; i < x.length; i++) {
                r[i] = x[i].longValue();
            }
            raws.add(r);
            List<ReferenceForward.Layer> ref = ReferenceForward.run(net, x);
            want.add(ref.get(ref.size() - 1).values());
        }
        if (!net.inputType().isFast() || !fwd.wideLayers().isEmpty()) {
            return 0;
        }
        List<Values> one = fwd.outputsOnThisThread(raws);
        List<Values> pool = fwd.outputsBatch(raws);
        for (int i = 0; i < images.size(); i++) {
            for (List<Values> got : List.of(one, pool)) {
                assertEquals(want.get(i).length, got.get(i).size(), msg);
                for (int j = 0; j < want.get(i).length; j++) {
                    assertEquals(want.get(i)[j], got.get(i).big(j), msg + " image " + i + " [" + j + "]");
                }
            }
        }
        return images.size() >= 2 && fwd.tallLayers(images.size()) > 0 ? 1 : 0;
    }

    /** A chain of layers and ODE blocks with 3×3 stride-2 convolutions (padding 1) between some of them. */
    private static QNetwork downsampling(RealPlanesTest.Chain c, SplittableRandom rnd) {
        QNetwork chain = c.network();
        Dims in = new Dims(chain.input().c(), 4 + rnd.nextInt(10), 3 + rnd.nextInt(8));
        Dims d = in;
        FixedType t = chain.inputType();
        List<QLayer> layers = new ArrayList<>();
        for (int i = 0, n = 2 + rnd.nextInt(6); i < n; i++) {
            QLayer l = rnd.nextInt(4) == 0 && d.h() > 1 ? down(c, d, t, i)
                    : rnd.nextInt(3) == 0 ? c.ode(d, t) : c.layer(d, t, -1);
            layers.add(l);
            d = l.outputDims(d);
            t = l.outputType();
        }
        return new QNetwork("tall", in, chain.inputType(), layers);
    }

    private static QConv2d down(RealPlanesTest.Chain c, Dims d, FixedType t, int i) {
        int cout = 1 + i % 3;
        FixedType wt = c.constant();
        FixedType bt = c.constant();
        long[] w = c.raws(wt, cout * d.c() * 9);
        long[] b = c.raws(bt, cout);
        FixedType probe = FixedType.signed(8, 4);
        FixedType acc = AccumulatorSizer.accumulator(
                new QConv2d("down" + i, d.c(), cout, 3, 2, 1, w, b, new AccTypes(wt, bt, probe, probe)), t);
        return new QConv2d("down" + i, d.c(), cout, 3, 2, 1, w, b, new AccTypes(wt, bt, acc, c.type()));
    }
}
