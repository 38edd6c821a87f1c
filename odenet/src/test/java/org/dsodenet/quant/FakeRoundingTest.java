package org.dsodenet.quant;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.junit.jupiter.api.Test;

/** The planned fake rounding is the ap_fixed cast and back, bit for bit, on both of its paths. */
class FakeRoundingTest {
    /** The reference: the general cast (AP_RND_CONV, AP_SAT) and the general read-back, per value. */
    private static float reference(float v, FixedType t) {
        return (float) Fx.toDouble(Fx.fromDouble(v, t.withModes(QuantMode.AP_RND_CONV, OverflowMode.AP_SAT, 0)), t);
    }

    /** Values around the type: ties, the range's ends and beyond, zeros, any float at all. */
    private static float[] values(FixedType t, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[256];
        double lsb = t.lsb();
        double far = 3 * Math.max(Math.abs(t.minValue()), t.maxValue());
        for (int i = 0; i < x.length; i++) {
            switch (i % 6) {
                case 0 -> x[i] = (float) ((rng.nextInt(-40, 40) + 0.5) * lsb);
                case 1 -> x[i] = (float) (t.maxValue() + rng.nextInt(-3, 4) * lsb / 2);
                case 2 -> x[i] = (float) (t.minValue() + rng.nextInt(-3, 4) * lsb / 2);
                case 3 -> x[i] = (float) ((rng.nextDouble() * 2 - 1) * far);
                case 4 -> {
                    float f;
                    do {
                        f = Float.intBitsToFloat(rng.nextInt());
                    } while (!Float.isFinite(f));
                    x[i] = f;
                }
                default -> x[i] = rng.nextBoolean() ? -0f : (float) (-0.4 * lsb);
            }
            if (!Float.isFinite(x[i])) { // a range end past the floats: the largest float instead
                x[i] = Math.copySign(Float.MAX_VALUE, x[i]);
            }
        }
        return x;
    }

    @Test
    void roundsEveryFloatExactlyLikeTheApFixedCast() {
        qt().withExamples(scaled(400))
                .forAll(longs().all(), integers().between(1, 64), integers().between(-80, 80), booleans().all())
                .checkAssert((seed, width, intBits, signed) -> check(FixedType.of(signed, width, intBits), seed));
    }

    /** Binary points far from zero: near and past where the planned path hands over to the general cast. */
    @Test
    void farBinaryPointsStayExact() {
        qt().withExamples(scaled(200))
                .forAll(longs().all(), integers().between(1, 60), integers().between(-1000, 1000), booleans().all())
                .checkAssert((seed, width, frac, signed) -> check(FixedType.of(signed, width, width - frac), seed));
    }

    private static void check(FixedType t, long seed) {
        FakeRounding r = new FakeRounding(t);
        float[] x = values(t, seed);
        float[] y = new float[x.length];
        boolean[] pass = new boolean[x.length];
        FakeRounding.Rounded rounded = r.apply(x, y, pass);
        float[] g = new float[x.length];
        java.util.Arrays.fill(g, -1.5f);
        float[] masked = r.straightThrough(g, rounded);
        for (int i = 0; i < x.length; i++) {
            float want = reference(x[i], t);
            // raw bits, so that a -0.0 where the cast gives +0.0 fails too
            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(y[i]),
                    t + ": " + x[i] + " -> " + y[i] + ", the cast gives " + want);
            assertEquals(x[i] >= t.minValue() && x[i] <= t.maxValue(), pass[i], t + ": range of " + x[i]);
            assertEquals(pass[i] ? -1.5f : 0f, masked[i], t + ": gradient at " + x[i]);
        }
    }

    /** A batch larger than one work item: split over threads, every value still the cast's. */
    @Test
    void largeBatchesSplitWithoutChangingAValue() {
        FixedType t = FixedType.signed(8, 2);
        SplittableRandom rng = new SplittableRandom(5);
        float[] x = new float[100_003];
        float[] g = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((rng.nextDouble() * 2 - 1) * 3);
            g[i] = (float) rng.nextGaussian();
        }
        float[] y = new float[x.length];
        boolean[] pass = new boolean[x.length];
        FakeRounding r = new FakeRounding(t);
        float[] masked = r.straightThrough(g, r.apply(x, y, pass));
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToRawIntBits(reference(x[i], t)), Float.floatToRawIntBits(y[i]), "at " + i);
            assertEquals(x[i] >= t.minValue() && x[i] <= t.maxValue() ? g[i] : 0f, masked[i], "at " + i);
        }
    }

    /**
     * The straight-through gradient over many chunks, where a few values saturate in some chunks only (as in
     * training): the per-value rule of the whole mask ({@code g} within range, 0 beyond), bit for bit; with nothing
     * saturated, the gradient itself.
     */
    @Test
    void chunksWithoutASaturatedValuePassTheGradientUnmasked() {
        qt().withExamples(scaled(40))
                .forAll(longs().all(), integers().between(0, 6), integers().between(2, 24), booleans().all())
                .checkAssert((seed, saturated, width, signed) -> {
                    FixedType t = FixedType.of(signed, width, width / 2);
                    SplittableRandom rng = new SplittableRandom(seed);
                    float[] x = new float[3 * 16384 + rng.nextInt(1, 20_000)];
                    float[] g = new float[x.length];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) (t.minValue() + rng.nextDouble() * (t.maxValue() - t.minValue()));
                        g[i] = (float) rng.nextGaussian();
                    }
                    for (int k = 0; k < saturated; k++) { // just past an end, or at it (which still passes)
                        int i = rng.nextInt(x.length);
                        boolean top = rng.nextBoolean();
                        float end = (float) (top ? t.maxValue() : t.minValue());
                        x[i] = rng.nextBoolean() ? end : Math.nextAfter(end, top ? Double.MAX_VALUE : -Double.MAX_VALUE);
                    }
                    FakeRounding r = new FakeRounding(t);
                    float[] masked = r.straightThrough(g, r.apply(x, new float[x.length], null));
                    boolean any = false;
                    for (int i = 0; i < x.length; i++) {
                        boolean in = x[i] >= t.minValue() && x[i] <= t.maxValue();
                        any |= !in;
                        assertEquals(Float.floatToRawIntBits(in ? g[i] : 0f), Float.floatToRawIntBits(masked[i]),
                                t + " at " + i + ": " + x[i]);
                    }
                    if (!any) {
                        assertSame(g, masked, "nothing saturated, the gradient passes as it is");
                    }
                });
    }

    @Test
    void aNonFiniteActivationIsRejected() {
        FakeRounding r = new FakeRounding(FixedType.signed(8, 3));
        assertThrows(IllegalArgumentException.class,
                () -> r.apply(new float[] {1f, Float.POSITIVE_INFINITY}, new float[2], null));
    }
}
