package org.dsodenet.quant;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.ops.act.ReLU;
import org.dsodenet.ops.conv.DepthwiseConv2d;
import org.dsodenet.ops.conv.PointwiseConv2d;
import org.dsodenet.ops.conv.Window;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.ode.OdeBlock;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The activation fake-quantization of QAT's float pass: rounding like the fixed-point casts, straight-through. */
class QatFakeQuantTest {
    @Test
    void forwardIsTheApFixedCastAndBackwardPassesOnlyUnsaturatedValues() {
        qt().withExamples(scaled(200))
                .forAll(longs().all(), integers().between(2, 16), integers().between(-4, 8), booleans().all())
                .checkAssert((seed, width, intBits, signed) -> {
                    FixedType t = FixedType.of(signed, width, intBits);
                    FixedType cast = t.withModes(QuantMode.AP_RND_CONV, OverflowMode.AP_SAT, 0);
                    SplittableRandom rng = new SplittableRandom(seed);
                    float[] x = new float[64];
                    float[] g = new float[64];
                    double span = 3 * Math.scalb(1.0, intBits);
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) ((rng.nextDouble() * 2 - 1) * span);
                        g[i] = (float) rng.nextGaussian();
                    }
                    x[0] = (float) (2.5 * t.lsb()); // a tie: rounds to the even raw 2
                    FakeQuant fq = new FakeQuant("fq", t);
                    Tensor y = fq.forward(Tensor.wrap(Shape.nchw(1, 4, 4, 4), x), true);
                    Tensor gx = fq.backward(Tensor.wrap(Shape.nchw(1, 4, 4, 4), g));
                    for (int i = 0; i < x.length; i++) {
                        long raw = Fx.fromDouble(x[i], cast);
                        assertEquals((float) Fx.toDouble(raw, t), y.data()[i]);
                        boolean saturated = x[i] > t.maxValue() || x[i] < t.minValue();
                        assertEquals(saturated ? 0f : g[i], gx.data()[i]);
                    }
                    if (t.maxRaw() >= 2) {
                        assertEquals((float) (2 * t.lsb()), y.data()[0]);
                    }
                });
    }

    /**
     * A training forward reuses the output of one whose backward has run, and only that: outputs still held by the
     * layers they fed (nested forwards, as in an Euler loop) and outputs of inference forwards are never written again,
     * and a reused array holds exactly what a new one would.
     */
    @Test
    void onlyOutputsWhoseBackwardRanAreReused() {
        FixedType t = FixedType.signed(8, 3);
        Shape shape = Shape.nchw(2, 3, 4, 4);
        SplittableRandom rng = new SplittableRandom(11);
        float[][] x = new float[4][shape.size()];
        for (float[] v : x) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (rng.nextGaussian() * 2);
            }
        }
        FakeQuant fq = new FakeQuant("fq", t);
        FakeQuant fresh = new FakeQuant("fresh", t);
        float[] g = new float[shape.size()];
        float[] held = fq.forward(Tensor.wrap(shape, x[0]), true).data();
        float[] kept = held.clone();
        float[] nested = fq.forward(Tensor.wrap(shape, x[1]), true).data();
        float[] inference = fq.forward(Tensor.wrap(shape, x[2]), false).data();
        float[] inferenceKept = inference.clone();
        assertArrayEquals(kept, held, "an output whose backward has not run is not written again");
        fq.backward(Tensor.wrap(shape, g));
        fq.backward(Tensor.wrap(shape, g));
        for (int k = 0; k < 3; k++) {
            float[] y = fq.forward(Tensor.wrap(shape, x[3]), true).data();
            assertTrue(y == held || y == nested || k > 0, "an output whose backward ran is written again");
            float[] want = fresh.forward(Tensor.wrap(shape, x[3]), false).data();
            for (int i = 0; i < want.length; i++) {
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(y[i]), "at " + i);
            }
            fq.backward(Tensor.wrap(shape, g));
        }
        assertArrayEquals(inferenceKept, inference, "an inference output belongs to its caller");
    }

    @Test
    void inferenceRecordsNothingAndNonFiniteInputIsRejected() {
        FakeQuant fq = new FakeQuant("fq", FixedType.signed(8, 3));
        fq.forward(Tensor.wrap(Shape.of(1, 2), new float[] {1, 2}), false);
        assertThrows(IllegalStateException.class, () -> fq.backward(Tensor.wrap(Shape.of(1, 2), new float[2])));
        assertThrows(IllegalArgumentException.class,
                () -> fq.forward(Tensor.wrap(Shape.of(1, 1), new float[] {Float.NaN}), false));
        assertThrows(IllegalArgumentException.class, () -> new FakeQuant("wide", FixedType.signed(80, 10)));
    }

    private static Sequential f(long seed, int c, boolean time) {
        SplittableRandom rng = new SplittableRandom(seed);
        int cin = c + (time ? 1 : 0);
        return new Sequential(DepthwiseConv2d.init("f.dw", cin, new Window(3, 1, 1), true, rng),
                PointwiseConv2d.init("f.pw1", cin, c, true, rng), new ReLU("f.relu"),
                PointwiseConv2d.init("f.pw2", c, c, true, rng));
    }

    @Test
    void withAFineStateTypeTheEulerTwinMatchesTheFloatOdeBlock() {
        qt().withExamples(scaled(20)).forAll(longs().all(), booleans().all()).checkAssert((seed, time) -> {
            Sequential f = f(seed, 3, time);
            OdeBlock ode = new OdeBlock("ode", f, 3, 0.25f, time);
            FakeQuantEuler twin = new FakeQuantEuler("ode", f, 3, 0.25f, time, FixedType.signed(40, 12));
            Tensor x = Tensor.randn(Shape.nchw(2, 3, 5, 5), seed ^ 1);
            Tensor g = Tensor.randn(Shape.nchw(2, 3, 5, 5), seed ^ 2);
            Tensor y1 = ode.forward(x, true);
            Tensor gx1 = ode.backward(g);
            float[] w1 = f.params().get(0).grad().clone();
            f.zeroGrad();
            Tensor y2 = twin.forward(x, true);
            Tensor gx2 = twin.backward(g);
            float[] w2 = f.params().get(0).grad().clone();
            assertArrayEquals(y1.data(), y2.data(), 1e-5f);
            assertArrayEquals(gx1.data(), gx2.data(), 1e-4f);
            assertArrayEquals(w1, w2, 1e-4f);
        });
    }

    @Test
    void theEulerTwinRoundsTheStateAndBlocksGradientsWhereItSaturated() {
        FixedType state = FixedType.signed(6, 2); // range [-2, 1.9375], lsb 1/16
        Sequential f = f(7, 2, false);
        FakeQuantEuler twin = new FakeQuantEuler("ode", f, 2, 0.5f, false, state);
        float[] x = new float[2 * 4 * 4];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextDouble() - 0.5);
        }
        x[5] = 50f; // saturates on entry: nothing about x[5] reaches the output
        Tensor y = twin.forward(Tensor.wrap(Shape.nchw(1, 2, 4, 4), x), true);
        for (float v : y.data()) {
            assertTrue(v >= state.minValue() && v <= state.maxValue());
            assertEquals(0.0, v * 16 - Math.rint(v * 16), 0.0, "not on the state grid: " + v);
        }
        float[] ones = new float[x.length];
        java.util.Arrays.fill(ones, 1f);
        Tensor gx = twin.backward(Tensor.wrap(Shape.nchw(1, 2, 4, 4), ones));
        assertEquals(0f, gx.data()[5]);
        int nonZero = 0;
        for (float v : gx.data()) {
            nonZero += v != 0 ? 1 : 0;
        }
        assertTrue(nonZero > x.length / 2, "straight-through should pass most gradients, passed " + nonZero);
    }

    /**
     * The Euler twin's training forward writes its states into those of forwards whose backward has run, and only
     * those: the state a nested forward's caller still holds and an inference forward's output are never written
     * again, and with the spare states poisoned with NaN, a forward that reuses them gives the same output and
     * gradients, bit for bit, as a twin that never reuses.
     */
    @Test
    void theEulerTwinReusesOnlyStatesWhoseBackwardRan() {
        FixedType state = FixedType.signed(10, 3);
        Shape shape = Shape.nchw(2, 3, 5, 5);
        for (boolean time : new boolean[] {false, true}) {
            Sequential f = f(5, 3, time);
            FakeQuantEuler twin = new FakeQuantEuler("ode", f, 3, 0.25f, time, state);
            Sequential g0 = f(5, 3, time); // the same weights, its own caches
            FakeQuantEuler never = new FakeQuantEuler("never", g0, 3, 0.25f, time, state);
            Tensor x1 = Tensor.randn(shape, 1);
            Tensor x2 = Tensor.randn(shape, 2);
            Tensor g = Tensor.randn(shape, 3);
            float[] held = twin.forward(x1, true).data();
            float[] kept = held.clone();
            float[] nested = twin.forward(x2, true).data();
            float[] inference = twin.forward(x2, false).data();
            float[] inferenceKept = inference.clone();
            assertArrayEquals(kept, held, "a state whose backward has not run is not written again");
            twin.backward(g);
            twin.backward(g);
            java.util.Arrays.fill(held, Float.NaN); // spares now: a reuse must write every value
            java.util.Arrays.fill(nested, Float.NaN);
            for (int k = 0; k < 3; k++) {
                Tensor x = Tensor.randn(shape, 10 + k);
                float[] y = twin.forward(x, true).data();
                float[] want = never.forward(x, true).data();
                f.zeroGrad();
                g0.zeroGrad();
                float[] gx = twin.backward(g).data();
                float[] wantGx = never.backward(g).data();
                never.clearCache(); // drops its spares: it never reuses
                for (int i = 0; i < want.length; i++) {
                    assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(y[i]), "output at " + i);
                    assertEquals(Float.floatToRawIntBits(wantGx[i]), Float.floatToRawIntBits(gx[i]), "grad at " + i);
                }
                assertArrayEquals(g0.params().get(0).grad(), f.params().get(0).grad(), "weight gradient");
            }
            assertFalse(java.util.Arrays.equals(kept, held) || Float.isNaN(held[0]),
                    "a state whose backward ran is written again");
            assertArrayEquals(inferenceKept, inference, "an inference output belongs to its caller");
        }
    }
}
