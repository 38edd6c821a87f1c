package org.dsodenet.codegen.hls;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dsodenet.codegen.estimate.Part;
import org.dsodenet.ops.fixed.FixedForward;
import org.dsodenet.ops.fixed.Trace;
import org.dsodenet.ops.fixed.kernel.LongValues;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 4, the project's architectures: dsODENet- and ODENet-shaped networks ({@link RealModels}) at 8-bit, 16-bit
 * and mixed (8-bit weights, 16-bit activations and states) precision, plus the dsODENet with only its ODE span on the
 * FPGA, are generated as HLS projects and run in C simulation on 100 random images each. Every traced array, ODE
 * internals at every Euler step included, must equal the Java fixed-point forward.
 */
class RealModelsCsimTest extends CsimTest {
    private static final long SEED = 0x0dec0de5L;
    private static final int IMAGES = 100;

    @Test
    void realArchitecturesAreBitExactInCSimulation() {
        Path root = Projects.root(tmp, "real");
        List<Projects.Job> jobs = new ArrayList<>();
        int n = 0;
        for (RealModels.Arch arch : RealModels.Arch.values()) {
            for (RealModels.Precision p : List.of(RealModels.FX8, RealModels.FX16, RealModels.MIXED)) {
                QNetwork net = RealModels.build(arch, p, SEED + arch.ordinal());
                List<long[]> images = RealModels.images(net.inputType(), IMAGES, SEED + 7 * n);
                WeightMode w = n % 2 == 0 ? WeightMode.ROM : WeightMode.RUNTIME;
                assertVaried(net, images);
                jobs.add(new Projects.Job(net.name(), net, new HlsOptions("model_top", Part.ZCU104, 5, w, false, false),
                        root.resolve(net.name()), images));
                if (arch == RealModels.Arch.DSODENET && p == RealModels.MIXED) {
                    jobs.add(new Projects.Job(net.name() + " ode-only", net,
                            new HlsOptions("ode_top", Part.ZCU104, 5, WeightMode.RUNTIME, true, false),
                            root.resolve(net.name() + "_ode"), images));
                }
                n++;
            }
        }
        List<Projects.Verified> results = Projects.verifyAll(jobs);
        List<Executable> checks = new ArrayList<>();
        StringBuilder summary = new StringBuilder("RealModelsCsimTest:");
        for (Projects.Verified v : results) {
            summary.append("\n  ").append(v.job().label()).append(": ").append(v.result().compared()).append(" values compared, ")
                    .append(v.result().mismatches()).append(" mismatches");
            checks.add(() -> RandomNetworkCsimTest.assertPassed(v));
        }
        System.out.println(summary);
        assertAll(checks);
    }

    /**
     * Calibration must have produced a working network, not one whose types flatten every image to the same
     * result: the classifier's outputs differ between images.
     */
    private static void assertVaried(QNetwork net, List<long[]> images) {
        Set<List<Long>> logits = new HashSet<>();
        for (Trace t : new FixedForward(net).runBatch(images)) {
            List<Long> l = new ArrayList<>();
            for (long v : ((LongValues) t.output().raws()).raws()) {
                l.add(v);
            }
            logits.add(l);
        }
        assertTrue(logits.size() > images.size() / 2, net.name() + ": only " + logits.size() + " distinct outputs");
        assertEquals(RealModels.CLASSES, net.outputDims().size());
    }
}
