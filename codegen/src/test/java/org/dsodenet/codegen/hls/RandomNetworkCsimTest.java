package org.dsodenet.codegen.hls;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.ops.fixed.model.QOdeBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 4, random networks: generated HLS projects for random small networks ({@link RandomNetworks}: random
 * shapes and kernels, every quantization and overflow mode in accumulators that overflow and drop bits, unsigned
 * outputs, accumulators and an ODE state wider than 64 bits, ODE blocks with and without a time channel and with
 * power-of-two and other step sizes, ROM and run-time weights, ODE-only placement) are compiled with g++ against the
 * host ap_fixed model, and their testbench compares every traced array of every image with the Java fixed-point
 * forward. Every value must be compared and equal; and the Java forward must have met the events the test is about,
 * so that a pass is not vacuous. Failed projects stay in the temporary directory for inspection.
 */
class RandomNetworkCsimTest extends CsimTest {
    /** Seed and network count; dsodenet.csim.seed and dsodenet.csim.networks change them for a longer local search. */
    private static final long SEED = Long.getLong("dsodenet.csim.seed", 0x0de5_ca1eL);
    private static final int NETWORKS = Integer.getInteger("dsodenet.csim.networks", RandomNetworks.PLAN);
    private static final int IMAGES = 24;

    @Test
    void randomNetworksAreBitExactInCSimulation() {
        Path root = Projects.root(tmp, "random");
        SplittableRandom seeds = new SplittableRandom(SEED);
        List<RandomNetworks.Case> cases = new ArrayList<>();
        List<Projects.Job> jobs = new ArrayList<>();
        ConversionCoverage cov = new ConversionCoverage();
        for (int i = 0; i < NETWORKS; i++) {
            RandomNetworks.Case c = RandomNetworks.generate(i, seeds.nextLong());
            List<long[]> inputs = RandomNetworks.inputs(c.net(), IMAGES, seeds.nextLong());
            cases.add(c);
            jobs.add(new Projects.Job(c.describe(), c.net(), c.options(), root.resolve("net" + i), inputs));
            cov.add(c.net(), c.options(), inputs);
        }
        List<Projects.Verified> results = Projects.verifyAll(jobs);
        List<Executable> checks = new ArrayList<>();
        long compared = 0;
        for (Projects.Verified v : results) {
            compared += Math.max(0, v.result().compared());
            checks.add(() -> assertPassed(v));
        }
        System.out.println("RandomNetworkCsimTest: " + NETWORKS + " networks x " + IMAGES + " images, " + compared
                + " values compared; " + cov);
        assertAll(checks);

        // The plan reached what it is for.
        assertTrue(cases.stream().anyMatch(c -> c.options().weights() == WeightMode.ROM));
        assertTrue(cases.stream().anyMatch(c -> c.options().weights() == WeightMode.RUNTIME));
        assertTrue(cases.stream().anyMatch(c -> c.options().odeOnly()));
        List<QOdeBlock> odes = cases.stream().flatMap(c -> HlsProjectGenerator.deployed(c.net(), c.options()).layers().stream())
                .filter(l -> l instanceof QOdeBlock).map(l -> (QOdeBlock) l).toList();
        assertTrue(odes.stream().anyMatch(QOdeBlock::timeChannel) && odes.stream().anyMatch(o -> !o.timeChannel()));
        assertTrue(odes.stream().anyMatch(o -> o.hRaw() == 1 && o.hType().width() == 1)
                && odes.stream().anyMatch(o -> Long.bitCount(o.hRaw()) > 1), "power-of-two and other step sizes");

        // The Java forward met every event the C simulation had to reproduce.
        Supplier<String> msg = cov::toString;
        for (OverflowMode o : OverflowMode.values()) {
            FixedStats s = cov.acc(o);
            boolean wraps = o == OverflowMode.AP_WRAP || o == OverflowMode.AP_WRAP_SM;
            assertTrue((wraps ? s.wrapped : s.saturated) > 0, () -> o + " accumulators never overflowed: " + msg.get());
        }
        for (QuantMode q : QuantMode.values()) {
            assertTrue(cov.acc(q).quantized > 0, () -> q + " accumulators never dropped bits: " + msg.get());
        }
        assertTrue(cov.accWrapWithN.wrapped > 0, msg);
        assertTrue(cov.wideAcc.conversions > 0 && cov.wideAcc.overflowed() > 0, msg);
        assertTrue(cov.wideLayers > 0, msg);
        assertTrue(cov.updates.quantized > 0 && cov.updates.overflowed() > 0, msg);
        assertTrue(cov.outputs.saturated > 0 && cov.outputs.wrapped > 0 && cov.outputs.quantized > 0, msg);
        assertTrue(cov.unsignedNonzero > 0, msg);
    }

    static void assertPassed(Projects.Verified v) {
        CSim.Result r = v.result();
        String what = v.job().label() + "\n  in " + v.job().dir() + "\n  " + r.log();
        assertEquals(0, r.exit(), () -> "make csim failed: " + what);
        assertEquals(0, r.mismatches(), () -> "mismatches: " + what);
        assertTrue(r.compared() > 0, () -> "nothing compared: " + what);
        assertEquals(v.expectedValues(), r.compared(), () -> "not every value was compared: " + what);
    }
}
