package org.dsodenet.codegen.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsodenet.codegen.TestNetworks;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.junit.jupiter.api.Test;

class ResourceEstimatorTest {
    @Test
    void bramFollowsTheAspectRatios() {
        assertEquals(0, ResourceEstimator.bram18(64, 16), "1 kbit goes to LUTRAM");
        assertEquals(1, ResourceEstimator.bram18(1024, 18));
        assertEquals(1, ResourceEstimator.bram18(512, 36));
        assertEquals(2, ResourceEstimator.bram18(2048, 18));
        assertEquals(1, ResourceEstimator.bram18(2048, 8), "2K x 9 holds 8-bit values");
        assertEquals(4, ResourceEstimator.bram18(1024, 64), "64 bits wide needs two 36-bit halves of two BRAMs");
    }

    @Test
    void dspDependsOnOperandWidthsAndFamily() {
        assertEquals(1, ResourceEstimator.dspPerMultiply(8, 8, Part.ZCU104));
        assertEquals(0, ResourceEstimator.dspPerMultiply(4, 16, Part.ZCU104), "narrow products use LUTs");
        assertEquals(2, ResourceEstimator.dspPerMultiply(32, 18, Part.ZCU104));
        assertEquals(1, ResourceEstimator.dspPerMultiply(26, 18, Part.ZCU104));
        assertEquals(2, ResourceEstimator.dspPerMultiply(26, 19, Part.PYNQ_Z2), "7 series multiplies 25x18");
    }

    @Test
    void smallNetworkFitsAndLargeOneWarns() {
        QNetwork small = TestNetworks.tiny("s", 4, 8, 1);
        ResourceEstimate e = ResourceEstimator.estimate(small, Part.ZCU104, 5);
        assertTrue(e.odePartFits());
        assertTrue(e.warnings().isEmpty(), e.warnings().toString());
        assertTrue(e.cycles() > 0);
        // The ODE block runs f three times: its cycles exceed three times its f's parallel work.
        var ode = e.layers().get(2);
        assertTrue(ode.ode());
        assertTrue(ode.cycles() > 3 * 8 * 8 * 4, "cycles " + ode.cycles());
        assertTrue(e.table().contains("total"));

        QNetwork big = TestNetworks.tiny("b", 48, 96, 2);
        ResourceEstimate pynq = ResourceEstimator.estimate(big, Part.PYNQ_Z2, 10);
        assertFalse(pynq.odePartFits());
        assertTrue(pynq.warnings().stream().anyMatch(w -> w.contains("do not fit on chip")), pynq.warnings().toString());
        // ZCU104 has URAM: the large buffers spill there instead of failing.
        ResourceEstimate zcu = ResourceEstimator.estimate(big, Part.ZCU104, 10);
        assertTrue(zcu.uram() > 0);
    }

    @Test
    void partsParseByBoardOrDevice() {
        assertEquals(Part.ZCU104, Part.parse("zcu104"));
        assertEquals(Part.ULTRA96, Part.parse("xczu3eg"));
        assertEquals(Part.PYNQ_Z2, Part.parse("xc7z020clg400-1"));
    }
}
