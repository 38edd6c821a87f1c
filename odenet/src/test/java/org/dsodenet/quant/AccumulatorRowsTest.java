package org.dsodenet.quant;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.ops.fixed.model.AccTypes;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QMac;
import org.dsodenet.ops.fixed.types.AccumulatorSizer;
import org.junit.jupiter.api.Test;

/** The guard's overflowing outputs are the sizer's, output for output, in longs or not. */
class AccumulatorRowsTest {
    /** What the guard computed before the long path: the sizer on the whole layer, then on each output alone. */
    private static int[] reference(QMac l, FixedType in, FixedType acc) {
        if (AccumulatorSizer.accumulator(l, in).intBits() <= acc.intBits()) {
            return new int[0];
        }
        int per = l.weights().length / l.outputs();
        List<Integer> bad = new ArrayList<>();
        for (int o = 0; o < l.outputs(); o++) {
            long[] row = new long[per];
            System.arraycopy(l.weights(), o * per, row, 0, per);
            long[] b = l.bias() == null ? null : new long[] {l.bias()[o]};
            if (AccumulatorSizer.accumulator(new QLinear("p", per, 1, row, b, l.types()), in).intBits()
                    > acc.intBits()) {
                bad.add(o);
            }
        }
        return bad.stream().mapToInt(Integer::intValue).toArray();
    }

    private static FixedType type(SplittableRandom rng, int maxWidth) {
        int w = rng.nextInt(1, maxWidth + 1);
        return FixedType.of(rng.nextBoolean(), w, w - rng.nextInt(-12, 30));
    }

    /** A raw of {@code t}, often one of its ends (where the bound is decided). */
    private static long raw(SplittableRandom rng, FixedType t) {
        return switch (rng.nextInt(4)) {
            case 0 -> t.minRaw();
            case 1 -> t.maxRaw();
            default -> t.minRaw() + (long) (rng.nextDouble() * ((double) t.maxRaw() - t.minRaw()));
        };
    }

    /**
     * Random layers (narrow types take the long path, wide ones the sizer), accumulators with one or two integer
     * bits fewer than the layer needs, exactly as many, or more: every output's verdict is the sizer's.
     */
    @Test
    void everyOutputIsJudgedLikeTheSizerJudgesIt() {
        qt().withExamples(scaled(600))
                .forAll(longs().all(), integers().between(8, 40))
                .checkAssert((seed, maxWidth) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    FixedType in = type(rng, maxWidth);
                    FixedType wt = type(rng, Math.min(maxWidth, 24));
                    FixedType bt = type(rng, maxWidth);
                    // a quarter of the layers repeat one raw (an end, mostly) over a power-of-two row without a bias:
                    // then a bound is a power of two, which only the exact comparison at 2^B places right
                    boolean uniform = rng.nextInt(4) == 0;
                    int outputs = rng.nextInt(1, 6);
                    int per = uniform ? 1 << rng.nextInt(6) : rng.nextInt(1, 40);
                    long[] w = new long[outputs * per];
                    long same = raw(rng, wt);
                    for (int i = 0; i < w.length; i++) {
                        w[i] = uniform ? same : raw(rng, wt);
                    }
                    long[] b = null;
                    if (rng.nextBoolean()) {
                        b = new long[outputs];
                        for (int o = 0; o < outputs; o++) {
                            b[o] = uniform ? 0 : raw(rng, bt);
                        }
                    }
                    AccTypes probe = new AccTypes(wt, bt, FixedType.signed(8, 4), FixedType.signed(8, 4));
                    QLinear sized = new QLinear("l", per, outputs, w, b, probe);
                    FixedType needed = AccumulatorSizer.accumulator(sized, in);
                    FixedType acc = FixedType.of(true, needed.width(), needed.intBits() + rng.nextInt(-2, 3));
                    QLinear l = new QLinear("l", per, outputs, w, b, new AccTypes(wt, bt, acc, probe.output()));
                    assertArrayEquals(reference(l, in, acc), AccumulatorRows.overflowing(l, in, acc),
                            "in " + in + ", weights " + wt + ", bias " + (b == null ? "none" : bt) + ", acc " + acc);
                });
    }
}
