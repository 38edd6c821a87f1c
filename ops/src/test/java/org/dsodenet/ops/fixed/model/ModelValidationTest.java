package org.dsodenet.ops.fixed.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dsodenet.fixedpoint.FixedType;
import org.junit.jupiter.api.Test;

/** The IR rejects models that cannot be executed, with a message naming the layer, and computes geometry. */
class ModelValidationTest {
    private static final FixedType T8 = FixedType.parse("ap_fixed<8,3>");
    private static final FixedType ACC = FixedType.parse("ap_fixed<24,10>");
    private static final AccTypes TYPES = new AccTypes(T8, T8, ACC, T8);

    private static QConv2d conv(String name, int cIn, int cOut, int k, int stride, int pad) {
        return new QConv2d(name, cIn, cOut, k, stride, pad, new long[cOut * cIn * k * k], new long[cOut], TYPES);
    }

    private static QOdeBlock ode(String name, int c, boolean time) {
        List<QLayer> f = List.of(
                new QDepthwiseConv2d(name + "_dw", c + (time ? 1 : 0), 3, 1, 1, new long[(c + (time ? 1 : 0)) * 9], null, TYPES),
                new QPointwiseConv2d(name + "_pw", c + (time ? 1 : 0), c, new long[c * (c + (time ? 1 : 0))], null, TYPES),
                new QRelu(name + "_relu", T8));
        return new QOdeBlock(name, f, 4, FixedType.parse("ap_ufixed<1,-1>"), 1, FixedType.parse("ap_fixed<16,6>"), time);
    }

    @Test
    void dimensionsFollowStrideAndPadding() {
        QNetwork net = new QNetwork("net", new Dims(1, 28, 28), T8, List.of(
                conv("pre", 1, 8, 3, 1, 1),
                ode("ode1", 8, true),
                conv("down", 8, 16, 3, 2, 1),
                new QGlobalAvgPool("gap", ACC, FixedType.parse("ap_ufixed<16,-6>"), 334, T8),
                new QLinear("fc", 16, 10, new long[160], new long[10], TYPES)));
        List<Dims> dims = net.dims();
        assertEquals(new Dims(8, 28, 28), dims.get(0));
        assertEquals(new Dims(8, 28, 28), dims.get(1));
        assertEquals(new Dims(16, 14, 14), dims.get(2));
        assertEquals(new Dims(16, 1, 1), dims.get(3));
        assertEquals(new Dims(10, 1, 1), net.outputDims());
        // flatten lists ODE internals right after their block
        assertEquals(List.of("pre", "ode1", "ode1_dw", "ode1_pw", "ode1_relu", "down", "gap", "fc"),
                QNetwork.flatten(net.layers()).stream().map(QLayer::name).toList());
    }

    @Test
    void rejectsBadModels() {
        assertMessage("wrong channel count", "channels",
                () -> new QNetwork("n", new Dims(3, 8, 8), T8, List.of(conv("c", 1, 4, 3, 1, 1))));
        assertMessage("duplicate names", "duplicate",
                () -> new QNetwork("n", new Dims(1, 8, 8), T8, List.of(conv("c", 1, 1, 3, 1, 1), conv("c", 1, 1, 3, 1, 1))));
        assertMessage("weights length", "weights",
                () -> new QConv2d("c", 1, 2, 3, 1, 1, new long[5], null, TYPES));
        assertMessage("raw out of range", "out of range",
                () -> new QConv2d("c", 1, 1, 1, 1, 0, new long[] {200}, null, TYPES));
        assertMessage("kernel too large", "does not fit",
                () -> new QNetwork("n", new Dims(1, 2, 2), T8, List.of(conv("c", 1, 1, 5, 1, 0))));
        assertMessage("padding not smaller than kernel", "invalid kernel",
                () -> conv("c", 1, 1, 3, 1, 3));
        assertMessage("ODE changes shape", "keeps its shape",
                () -> new QNetwork("n", new Dims(4, 8, 8), T8, List.of(new QOdeBlock("o",
                        List.of(conv("o_c", 4, 8, 3, 1, 1)), 2, FixedType.parse("ap_ufixed<1,0>"), 1, T8, false))));
        assertMessage("no steps", "steps",
                () -> new QOdeBlock("o", List.of(new QRelu("r", T8)), 0, FixedType.parse("ap_ufixed<1,0>"), 1, T8, false));
        assertMessage("empty name", "name", () -> new QRelu(" ", T8));
        assertMessage("wide weights", "64 bits",
                () -> new AccTypes(FixedType.parse("ap_fixed<65,3>"), T8, ACC, T8));
    }

    /**
     * Constants are held as raw longs, so their types may be anything up to 64 bits, 64-bit unsigned included
     * ({@link FixedType#isFast}), and no wider: the stricter {@link FixedType#fitsLong} is the kernels' condition on
     * the arithmetic, which they check themselves.
     */
    @Test
    void constantTypesMayTakeUpTo64Bits() {
        FixedType wide = FixedType.parse("ap_fixed<65,3>");
        FixedType u64 = FixedType.parse("ap_ufixed<64,1>");
        assertMessage("wide bias", "64 bits", () -> new AccTypes(T8, wide, ACC, T8));
        assertMessage("wide scale", "64 bits", () -> new QBatchNorm("b", 1, new long[1], new long[1], wide, T8, T8));
        assertMessage("wide shift", "64 bits", () -> new QBatchNorm("b", 1, new long[1], new long[1], T8, wide, T8));
        assertMessage("wide step", "64 bits",
                () -> new QOdeBlock("o", List.of(new QRelu("r", T8)), 1, wide, 1, T8, false));
        assertMessage("wide reciprocal", "64 bits", () -> new QGlobalAvgPool("g", ACC, wide, 1, T8));
        assertEquals(u64, new AccTypes(u64, u64, ACC, T8).bias());
        assertEquals(u64, new QBatchNorm("b", 1, new long[1], new long[1], u64, u64, T8).shiftType());
        assertEquals(u64, new QOdeBlock("o", List.of(new QRelu("r", T8)), 1, u64, 1, T8, false).hType());
        assertEquals(u64, new QGlobalAvgPool("g", ACC, u64, 1, T8).recipType());
    }

    @Test
    void timeChannelWidensTheInputOfF() {
        QNetwork net = new QNetwork("n", new Dims(4, 6, 6), T8, List.of(ode("o", 4, true)));
        assertEquals(new Dims(4, 6, 6), net.outputDims());
        // Without the time channel the same f (built for 5 inputs) no longer fits.
        QOdeBlock withTime = ode("o", 4, true);
        assertMessage("f expects the time channel", "channels", () -> new QNetwork("n", new Dims(4, 6, 6), T8,
                List.of(new QOdeBlock("o2", withTime.f(), 4, withTime.hType(), 1, withTime.stateType(), false))));
    }

    private static void assertMessage(String what, String fragment, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run, what);
        assertTrue(e.getMessage().contains(fragment), what + ": " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), what);
    }
}
